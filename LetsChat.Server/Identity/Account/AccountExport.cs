using System.IO.Compression;
using System.Text.Json;
using LetsChat.Server.Data;
using LetsChat.Server.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace LetsChat.Server.Identity;

/// <summary>
/// "Download your data": a ZIP of everything the account holds, for its owner alone. <c>account.json</c> (profile,
/// sign-in methods, friends, rooms), <c>messages.json</c> (every message they wrote that is still there, with its files
/// named) and <c>files/</c> (the content of each file they sent). Written to a temporary file first, so that the
/// archive is never held in memory, then streamed.
/// </summary>
public static class AccountExport
{
    public static IEndpointRouteBuilder MapLetsChatAccountExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/account/export", ExportAsync).RequireAuthorization();
        return endpoints;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static async Task<IResult> ExportAsync(HttpContext http, IDbContextFactory<LetsChatDb> dbFactory, UserSessions sessions, IFileStore files, TimeProvider time)
    {
        if (await PasskeyEndpoints.SignedInUserAsync(http, dbFactory, sessions) is not { } user)
        {
            return Results.Unauthorized();
        }

        var cancellationToken = http.RequestAborted;
        var path = Path.GetTempFileName();
        var archive = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, System.IO.FileOptions.Asynchronous | System.IO.FileOptions.DeleteOnClose);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using (var zip = new ZipArchive(archive, ZipArchiveMode.Create, leaveOpen: true))
            {
                await WriteJsonAsync(zip, "account.json", await AccountAsync(db, user, cancellationToken), cancellationToken);
                var messages = await MessagesAsync(db, user.Id, cancellationToken);
                await WriteJsonAsync(zip, "messages.json", messages, cancellationToken);
                foreach (var file in messages.SelectMany(m => m.Files))
                {
                    await using var content = await files.OpenReadAsync(file.ContentHash, cancellationToken);
                    if (content is not null)
                    {
                        await using var entry = await zip.CreateEntry(file.Path, CompressionLevel.Fastest).OpenAsync(cancellationToken);
                        await content.CopyToAsync(entry, cancellationToken);
                    }
                }
            }

            archive.Position = 0;
            var name = $"letschat-{user.Handle}-{time.GetUtcNow():yyyy-MM-dd}.zip";
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(archive, "application/zip", name);
        }
        catch
        {
            await archive.DisposeAsync();
            throw;
        }
    }

    private static async Task WriteJsonAsync<T>(ZipArchive zip, string name, T value, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await JsonSerializer.SerializeAsync(entry, value, Json, cancellationToken);
    }

    private static async Task<object> AccountAsync(LetsChatDb db, User user, CancellationToken cancellationToken)
    {
        var friendIds = db.Friendships.Where(f => f.UserAId == user.Id || f.UserBId == user.Id).Select(f => f.UserAId == user.Id ? f.UserBId : f.UserAId);
        return new
        {
            user.Handle,
            user.DisplayName,
            user.Email,
            user.HideEmail,
            Joined = user.CreatedAt,
            Passkeys = await db.Passkeys.Where(p => p.UserId == user.Id).Select(p => new { p.Name, p.CreatedAt, p.LastUsedAt }).ToListAsync(cancellationToken),
            Providers = await db.ExternalLogins.Where(l => l.UserId == user.Id).Select(l => l.Provider).ToListAsync(cancellationToken),
            HasPassword = user.PasswordHash is not null,
            Friends = await db.Users.Where(u => friendIds.Contains(u.Id)).Select(u => new { u.Handle, u.DisplayName }).ToListAsync(cancellationToken),
            Rooms = await db.Rooms.Where(r => db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == user.Id))
                .Select(r => new { r.Id, Kind = r.Kind.ToString(), r.Name, Owner = r.OwnerId == user.Id })
                .ToListAsync(cancellationToken),
        };
    }

    private sealed record ExportedFile(string Name, string ContentType, long Length, string Path, [property: System.Text.Json.Serialization.JsonIgnore] string ContentHash);

    private sealed record ExportedMessage(long Id, long RoomId, long Sequence, DateTimeOffset SentAt, DateTimeOffset? EditedAt, long? ReplyTo, string Text, IReadOnlyList<ExportedFile> Files);

    private static async Task<List<ExportedMessage>> MessagesAsync(LetsChatDb db, long userId, CancellationToken cancellationToken)
    {
        var messages = await db.Messages.AsNoTracking().Where(m => m.AuthorId == userId && m.DeletedAt == null)
            .OrderBy(m => m.RoomId).ThenBy(m => m.Sequence)
            .Select(m => new { m.Id, m.RoomId, m.Sequence, m.CreatedAt, m.EditedAt, m.ReplyToId, m.Body })
            .ToListAsync(cancellationToken);
        var attachments = (await db.Attachments.AsNoTracking().Where(a => a.UploaderId == userId && a.MessageId != null)
                .Select(a => new { a.Id, a.MessageId, a.Position, a.FileName, a.ContentType, a.Length, a.ContentHash })
                .ToListAsync(cancellationToken))
            .ToLookup(a => a.MessageId!.Value);
        return [.. messages.Select(m => new ExportedMessage(m.Id, m.RoomId, m.Sequence, m.CreatedAt, m.EditedAt, m.ReplyToId, m.Body,
            [.. attachments[m.Id].OrderBy(a => a.Position).Select(a => new ExportedFile(a.FileName, a.ContentType, a.Length, $"files/{a.Id}-{a.FileName}", a.ContentHash))]))];
    }
}

using System.Globalization;
using System.Text;
using LetsChat.Components.Admin;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Admin;

/// <summary>
/// <c>GET /admin/audit.csv</c>: the audit entries the admin page's filters select, all of them, oldest first, as a
/// CSV file for moderators (the policy asks the database, as the page does). Rows are streamed as they are read.
/// </summary>
internal static partial class AuditExport
{
    private const string Header = "Time (UTC),Moderator,Moderator handle,Action,Target,Target handle,Room,Message,Reason";

    // With the byte order mark, spreadsheets read the names as UTF-8 rather than the system's code page.
    private static readonly UTF8Encoding Utf8WithMark = new(encoderShouldEmitUTF8Identifier: true);

    public static Results<PushStreamHttpResult, ContentHttpResult> Export(
        string? from, string? to, string? moderator, string? tz, HttpContext http, IDbContextFactory<LetsChatDb> dbFactory, TimeProvider time, ILoggerFactory loggers)
    {
        var request = AuditExportLink.Read(from, to, moderator, tz);
        if (!request.Succeeded || request.Value is not { } asked)
        {
            return TypedResults.Text(request.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        Log.Exported(loggers.CreateLogger(typeof(AuditExport)), LetsChatClaims.UserId(http.User), asked.Filter);
        http.Response.Headers.CacheControl = "no-store";
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), asked.Zone).DateTime);
        return TypedResults.Stream(
            body => WriteAsync(body, asked, dbFactory, http.RequestAborted),
            "text/csv; charset=utf-8",
            $"letschat-audit-{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv");
    }

    private static async Task WriteAsync(Stream body, AuditExportRequest asked, IDbContextFactory<LetsChatDb> dbFactory, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, Utf8WithMark, bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Header + "\r\n");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows =
            from a in db.AuditEntries.AsNoTracking().Matching(asked.Filter, asked.Zone)
            join m in db.Users on a.ModeratorId equals m.Id
            join t in db.Users on a.TargetUserId equals (long?)t.Id into targets
            from t in targets.DefaultIfEmpty()
            join r in db.Rooms on a.RoomId equals (long?)r.Id into rooms
            from r in rooms.DefaultIfEmpty()
            orderby a.CreatedAt, a.Id
            select new
            {
                a.CreatedAt,
                ModeratorName = m.DisplayName,
                ModeratorHandle = m.Handle,
                a.Action,
                TargetName = t == null ? null : t.DisplayName,
                TargetHandle = t == null ? null : t.Handle,
                // A private chat's name is "Private chat", never the two people in it.
                Room = r == null ? null : r.Name,
                a.TargetMessageId,
                a.Reason,
            };
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Csv.Line(
                row.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                row.ModeratorName,
                row.ModeratorHandle,
                row.Action,
                row.TargetName,
                row.TargetHandle,
                row.Room,
                row.TargetMessageId?.ToString(CultureInfo.InvariantCulture),
                row.Reason));
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Moderator {ModeratorId} exported the audit log ({Filter})")]
        public static partial void Exported(ILogger logger, long? moderatorId, AuditFilter filter);
    }
}

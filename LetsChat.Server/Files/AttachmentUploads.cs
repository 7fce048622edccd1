using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Files;

/// <summary>What an uploaded file became, as the composer shows it until the message is sent.</summary>
public sealed record UploadedFile(long Id, string FileName, string ContentType, FileKind Kind, long Length, int? Width, int? Height)
{
    /// <summary>For the page's script, which shows a picture's thumbnail.</summary>
    public bool IsImage => Kind == FileKind.Image;
}

/// <summary>
/// Takes a file into a room for a message to come: checks who may write there, the size, the daily quota and the type
/// (by content), re-encodes a picture, and stores the content. Runs off the circuit: the request's own thread.
/// </summary>
public sealed class AttachmentUploads(
    IDbContextFactory<LetsChatDb> dbFactory, IFileStore store, RoomAccess roomAccess, IOptions<FileOptions> options, TimeProvider time, SqliteWriteGate writes, UploadBandwidth? bandwidth = null)
{
    public const int MaxFileNameLength = 200;
    public const int PictureMaxSide = 2048;
    public const int ThumbnailMaxSide = 400;

    /// <summary>How many uploads the server takes in at once; more wait their turn.</summary>
    public const int MaxConcurrentUploads = 2;

    private static readonly SemaphoreSlim Streaming = new(MaxConcurrentUploads, MaxConcurrentUploads);

    public static string TooLarge(long max) => Components.Chat.Attachments.UploadLimits.TooLargeFor(max);
    public static string OverQuota(long quota) => $"You have uploaded {quota / 1024 / 1024:N0} MB today, as much as a day allows. Try again tomorrow.";
    public const string NotAllowed = "This type of file cannot be shared here. Pictures, PDFs, text files and archives can.";

    public async Task<Outcome<UploadedFile>> UploadAsync(long userId, long roomId, string? fileName, Stream body, long? declaredLength, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (await roomAccess.FindForUserAsync(userId, roomId, cancellationToken) is not { } room)
        {
            return Outcome.Refused<UploadedFile>(RoomRefusals.NotAMember);
        }

        if (!room.CanWrite)
        {
            return Outcome.Refused<UploadedFile>("You cannot write in this room right now.");
        }

        if (declaredLength > limits.MaxFileBytes)
        {
            return Outcome.Refused<UploadedFile>(TooLarge(limits.MaxFileBytes));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = time.GetUtcNow().AddDays(-1);
        var today = await db.Attachments.Where(a => a.UploaderId == userId && a.CreatedAt > since).SumAsync(a => (long?)a.Length, cancellationToken) ?? 0;
        if (today + (declaredLength ?? 0) > limits.DailyQuotaBytes)
        {
            return Outcome.Refused<UploadedFile>(OverQuota(limits.DailyQuotaBytes));
        }

        // A few uploads stream at once for the whole server; the others wait, unread, so that files never take the CPU
        // that live delivery needs.
        await Streaming.WaitAsync(cancellationToken);
        try
        {
            return await StoreAsync(userId, room.Id, fileName, body, db, limits, cancellationToken);
        }
        finally
        {
            Streaming.Release();
        }
    }

    private async Task<Outcome<UploadedFile>> StoreAsync(long userId, long roomId, string? fileName, Stream body, LetsChatDb db, FileOptions limits, CancellationToken cancellationToken)
    {
        var head = new byte[FileTypes.SniffLength];
        var headLength = await FileStreams.FillAsync(body, head, cancellationToken);
        if (FileTypes.Sniff(head.AsSpan(0, headLength), complete: headLength < head.Length) is not { } type || !limits.Allows(type.Kind))
        {
            return Outcome.Refused<UploadedFile>(NotAllowed);
        }

        var content = new ConcatenatedStream(head.AsMemory(0, headLength), body, bandwidth);
        var attachment = type.Kind == FileKind.Image
            ? await PictureAsync(content, limits.MaxFileBytes, cancellationToken)
            : await FileAsync(content, type, limits.MaxFileBytes, cancellationToken);
        if (attachment.Value is not { } stored)
        {
            return Outcome.Refused<UploadedFile>(attachment.Message ?? NotAllowed);
        }

        stored.UploaderId = userId;
        stored.RoomId = roomId;
        stored.FileName = CleanName(fileName, stored.Kind);
        stored.CreatedAt = time.GetUtcNow();
        db.Attachments.Add(stored);
        using (await writes.EnterAsync(db, cancellationToken, bulk: true))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return Outcome.Done(new UploadedFile(stored.Id, stored.FileName, stored.ContentType, stored.Kind, stored.Length, stored.Width, stored.Height));
    }

    private async Task<Outcome<Attachment>> FileAsync(Stream content, FileType type, long max, CancellationToken cancellationToken) =>
        await store.SaveAsync(content, max, cancellationToken) is { } saved
            ? Outcome.Done(new Attachment { ContentHash = saved.Hash, Length = saved.Length, ContentType = type.ContentType, Kind = type.Kind, FileName = string.Empty })
            : Outcome.Refused<Attachment>(TooLarge(max));

    // A picture is read whole (at most the file limit) to be decoded scaled down; what is stored is drawn afresh.
    private async Task<Outcome<Attachment>> PictureAsync(Stream content, long max, CancellationToken cancellationToken)
    {
        if (await FileStreams.ReadAtMostAsync(content, max, cancellationToken) is not { } bytes)
        {
            return Outcome.Refused<Attachment>(TooLarge(max));
        }

        var (picture, refusal) = await ImagePipeline.ReencodeAsync(bytes, new ImageFit.Within(PictureMaxSide), cancellationToken);
        var (thumbnail, _) = picture is null ? default : await ImagePipeline.ReencodeAsync(bytes, new ImageFit.Within(ThumbnailMaxSide), cancellationToken);
        if (picture is null || thumbnail is null)
        {
            return Outcome.Refused<Attachment>(refusal ?? ImagePipeline.Unreadable);
        }

        // An animated GIF stays a GIF (stripped of its metadata), so that it moves in the viewer; its thumbnail is its
        // first frame, still, with a play mark over it in the room.
        var animated = picture.Frames > 1 ? GifMetadata.Strip(bytes.Span) : null;
        var full = (await store.SaveAsync(new MemoryStream(animated ?? picture.Webp), long.MaxValue, cancellationToken))!;
        var small = (await store.SaveAsync(new MemoryStream(thumbnail.Webp), long.MaxValue, cancellationToken))!;
        return Outcome.Done(new Attachment
        {
            ContentHash = full.Hash, Length = full.Length, ContentType = animated is null ? "image/webp" : "image/gif", Kind = FileKind.Image, FileName = string.Empty,
            Width = picture.Width, Height = picture.Height, ThumbnailHash = small.Hash,
        });
    }

    private static string CleanName(string? name, FileKind kind)
    {
        var clean = PlainText.Line(Path.GetFileName(name ?? string.Empty).Replace('/', '_').Replace('\\', '_'), MaxFileNameLength);
        return clean ?? (kind == FileKind.Image ? "picture" : "file");
    }
}

namespace LetsChat.Components.Chat.Attachments;

/// <summary>What the composer may upload: the largest file, and what the file picker offers.</summary>
/// <param name="Accept">The file input's accept list (the server checks every file's content anyway).</param>
public sealed record UploadLimits(long MaxFileBytes, string Accept)
{
    public string TooLarge => TooLargeFor(MaxFileBytes);

    /// <summary>The refusal of a file over <paramref name="maxBytes"/>: the composer's and the server's alike.</summary>
    public static string TooLargeFor(long maxBytes) => $"Files can be at most {maxBytes / 1024 / 1024:N0} MB.";
}

/// <summary>
/// The circuit's side of uploads. The bytes themselves go over HTTP (<c>POST /rooms/{id}/files</c>), never through the
/// circuit; this only answers what the composer needs around them.
/// </summary>
public interface IUploadService
{
    UploadLimits Limits { get; }

    /// <summary>Forgets one of the user's own uploads that no message carries yet (the composer's Remove).</summary>
    Task DiscardAsync(long attachmentId, CancellationToken cancellationToken = default);
}

namespace LetsChat.Server.Files;

/// <summary>A stored file's content: the SHA-256 of its bytes (lower-case hex) and how many there are.</summary>
public sealed record StoredContent(string Hash, long Length);

/// <summary>
/// Content-addressed storage for files in messages: the same bytes are kept once however often they are uploaded.
/// Content is streamed in and out, never held whole in memory.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores <paramref name="content"/>, reading at most <paramref name="maxBytes"/>.</summary>
    /// <returns>The stored content; null when it is longer than <paramref name="maxBytes"/> (nothing of it is kept).</returns>
    Task<StoredContent?> SaveAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The content with this hash, to read from the start; null when there is none.</summary>
    Task<Stream?> OpenReadAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Forgets the content with this hash (the caller knows nothing refers to it any more).</summary>
    Task DeleteAsync(string hash, CancellationToken cancellationToken);
}

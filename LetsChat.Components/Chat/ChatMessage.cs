namespace LetsChat.Components.Chat;

/// <summary>
/// A stored message as every screen shows it. Immutable and shared: one instance per message is held
/// by the room's window and handed to every circuit, never copied per circuit. <see cref="AuthorHandle"/> links the
/// author to their profile; null for an account that no longer exists.
/// </summary>
public sealed record ChatMessage(
    long Id,
    long RoomId,
    long Sequence,
    long AuthorId,
    string AuthorName,
    string? AuthorAvatarUrl,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt = null,
    bool IsDeleted = false,
    Guid ClientMessageId = default,
    bool DeletedByModerator = false,
    string? AuthorHandle = null)
{
    /// <summary>What previews show (room list, notifications, page title): plain text on one line, never HTML.</summary>
    public string Preview => IsDeleted ? "Message deleted" : MessagePreview.Of(Body);
}

public static class MessagePreview
{
    public const int MaxLength = 80;

    public static string Of(string body)
    {
        var oneLine = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= MaxLength ? oneLine : oneLine[..(MaxLength - 1)].TrimEnd() + "…";
    }
}

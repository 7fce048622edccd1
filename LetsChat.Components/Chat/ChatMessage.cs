namespace LetsChat.Components.Chat;

/// <summary>
/// A stored message as every screen shows it. Immutable and shared: one instance per message is held
/// by the room's window and handed to every circuit, never copied per circuit.
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
    bool IsDeleted = false);

namespace LetsChat.Server.Chat;

public sealed class Message
{
    public long Id { get; set; }
    public long RoomId { get; set; }
    /// <summary>Position in the room, assigned when stored: 1, 2, 3… with no gaps.</summary>
    public long Sequence { get; set; }
    public long AuthorId { get; set; }
    /// <summary>Made by the sender's screen; unique per sender, so a resent message is stored once.</summary>
    public Guid ClientMessageId { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    /// <summary>Set when a moderator, not the author, removed the message.</summary>
    public long? DeletedById { get; set; }

    /// <summary>Counts every change after the message was stored (edit, deletion, reaction), so screens keep the newest.</summary>
    public long Version { get; set; }

    /// <summary>The message in the same room this one answers; null when it answers none (or that message is gone).</summary>
    public long? ReplyToId { get; set; }
}

/// <summary>Someone a message mentions, by id: their current name is shown, and they were notified.</summary>
public sealed class MessageMention
{
    public long MessageId { get; set; }
    public long UserId { get; set; }
}

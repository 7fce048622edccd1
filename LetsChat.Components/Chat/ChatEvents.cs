namespace LetsChat.Components.Chat;

/// <summary>A message was stored in the room with the next sequence number.</summary>
public sealed record MessagePosted(ChatMessage Message) : RoomEvent(Message.RoomId);

/// <summary>A message's text was changed by its author.</summary>
public sealed record MessageEdited(ChatMessage Message) : RoomEvent(Message.RoomId);

/// <summary>A message was deleted (by its author, or by a moderator in the public room).</summary>
public sealed record MessageDeleted(ChatMessage Message) : RoomEvent(Message.RoomId);

/// <summary>Someone reacted to a message or took a reaction back: the message with its reactions as they are now.</summary>
public sealed record MessageReacted(ChatMessage Message) : RoomEvent(Message.RoomId);

/// <summary>Someone is typing in the room; sent at most every few seconds per person.</summary>
public sealed record UserTyping(long RoomId, long UserId, string DisplayName) : RoomEvent(RoomId);

/// <summary>An author changed their name or picture: their messages on open screens show the new ones.</summary>
public sealed record AuthorChanged(long RoomId, long UserId, string DisplayName, string? AvatarUrl, string? Handle) : RoomEvent(RoomId)
{
    /// <summary>The message with the new name where it shows: as its author, in its mentions, and in the quote it replies with.</summary>
    public ChatMessage ApplyTo(ChatMessage message)
    {
        var changed = message.AuthorId == UserId ? message with { AuthorName = DisplayName, AuthorAvatarUrl = AvatarUrl, AuthorHandle = Handle } : message;
        if (changed.MentionList.Any(m => m.UserId == UserId))
        {
            changed = changed with { Mentions = [.. changed.MentionList.Select(m => m.UserId == UserId ? new Mention(UserId, DisplayName, Handle) : m)] };
        }

        return changed.ReplyTo is { } quote && quote.AuthorId == UserId ? changed with { ReplyTo = quote with { AuthorName = DisplayName } } : changed;
    }
}

using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Chat;

/// <summary>A room as the room list shows it.</summary>
public sealed record RoomSummary(
    long Id,
    RoomKind Kind,
    string Name,
    string? AvatarUrl,
    long? FriendId,
    bool? FriendOnline,
    DateTimeOffset? FriendLastSeenAt,
    string? LastMessagePreview,
    DateTimeOffset LastActivityAt,
    long LastSequence,
    long LastReadSequence,
    bool IsReadOnly)
{
    public long UnreadCount => Math.Max(0, LastSequence - LastReadSequence);
}

/// <summary>A message arrived in one of the user's rooms (not the public one): the room list moves it up.</summary>
public sealed record RoomActivity(long RoomId, long Sequence, long AuthorId, string Preview, DateTimeOffset At) : UserEvent;

/// <summary>The user read a room up to a sequence number, in one of their tabs: every tab shows the same unread count.</summary>
public sealed record RoomRead(long RoomId, long LastReadSequence) : UserEvent;

/// <summary>A page of older messages, oldest first.</summary>
public sealed record OlderMessages(IReadOnlyList<ChatMessage> Messages, bool HasMore, string? Refusal = null)
{
    /// <summary>A page read from the store: there is more before it unless it reaches the room's first message.</summary>
    public static OlderMessages Page(IReadOnlyList<ChatMessage> page) => new(page, page.Count > 0 && page[0].Sequence > 1);
}

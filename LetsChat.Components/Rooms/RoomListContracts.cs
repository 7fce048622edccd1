using LetsChat.Components.Shared;

namespace LetsChat.Components.Rooms;

/// <summary>The rooms a user is in, as the room list shows them.</summary>
public interface IRoomList
{
    /// <summary>The public room and the user's private and group rooms, most recent activity first.</summary>
    Task<IReadOnlyList<RoomSummary>> GetRoomsAsync(CancellationToken cancellationToken = default);
}

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

using LetsChat.Components.Chat;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Rooms;

/// <summary>What rooms refuse with, in one place.</summary>
public static class RoomRefusals
{
    public const string NotAMember = "You are not a member of this room.";
    public const string OwnerOnly = "Only the room's owner can do that.";
}

/// <param name="IsOnline">Null unless the reader may know it: only friends (and oneself) ever learn someone's status.</param>
public sealed record RoomMemberView(long UserId, string DisplayName, string Handle, string? AvatarUrl, bool IsOwner, bool? IsOnline);

/// <summary>A group room's members as a member sees them.</summary>
public sealed record RoomMembers(long RoomId, string Name, string? Description, bool YouOwnIt, IReadOnlyList<RoomMemberView> Members)
{
    public int OnlineCount => Members.Count(m => m.IsOnline == true);

    /// <summary>Who the "N online" counts: only members whose status the reader may know (friends, and themself).</summary>
    public string OnlineTitle(long readerId)
    {
        var names = Members.Where(m => m.IsOnline == true).Select(m => m.UserId == readerId ? "you" : m.DisplayName).ToList();
        return names.Count == 0
            ? "Nobody here is online that you can see. Only your friends' status is shown."
            : $"Online now: {string.Join(", ", names)}. Only your friends' status is shown.";
    }
}

/// <summary>Group rooms: create, members, ownership. Every call checks membership and ownership again.</summary>
public interface IRoomService
{
    Task<Outcome<long?>> CreateAsync(string? name, string? description);

    Task<RoomMembers?> GetMembersAsync(long roomId, CancellationToken cancellationToken = default);

    /// <summary>The owner's friends who are not members yet and match <paramref name="query"/>.</summary>
    Task<IReadOnlyList<RoomMemberView>> FindFriendsToAddAsync(long roomId, string? query, CancellationToken cancellationToken = default);

    Task<Outcome> AddMemberAsync(long roomId, long userId);

    Task<Outcome> RemoveMemberAsync(long roomId, long userId);

    Task<Outcome> LeaveAsync(long roomId);

    Task<Outcome> RenameAsync(long roomId, string? name, string? description);

    Task<Outcome> TransferOwnershipAsync(long roomId, long userId);

    Task<Outcome> DeleteAsync(long roomId);
}

/// <summary>What a member sees of a room in its header and in the room list.</summary>
/// <param name="MutedUntil">Set while the reader is muted in this room (by a moderator, or a group room's owner).</param>
/// <param name="CanModerate">The reader may remove any message here: a moderator in the public room or in a group room that lets moderators in, or the group room's owner.</param>
/// <param name="IsOwner">The reader owns this group room (and may notify everyone in it with <c>@room</c>).</param>
/// <param name="SlowModeSeconds">One message per this many seconds per person in this room; 0 is off. Moderators and the owner are not slowed.</param>
public sealed record RoomInfo(long Id, RoomKind Kind, string Name, bool CanWrite, DateTimeOffset? MutedUntil = null, bool CanModerate = false, bool IsOwner = false, int SlowModeSeconds = 0);

public enum RoomKind
{
    Public = 0,
    Private = 1,
    Group = 2,
}

/// <summary>The rooms a user is in, as the room list shows them.</summary>
public interface IRoomList
{
    /// <summary>The public room and the user's private and group rooms, most recent activity first.</summary>
    Task<IReadOnlyList<RoomSummary>> GetRoomsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A room as the room list shows it; <see cref="Mentioned"/> while someone's mention of the reader there is unread.</summary>
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
    bool IsReadOnly,
    bool Mentioned = false,
    Presence.PersonStatus? FriendStatus = null)
{
    public long UnreadCount => Math.Max(0, LastSequence - LastReadSequence);
}

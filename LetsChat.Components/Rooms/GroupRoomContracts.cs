using LetsChat.Components.Chat;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Rooms;

/// <param name="IsOnline">Null unless the reader may know it: only friends (and oneself) ever learn someone's status.</param>
public sealed record RoomMemberView(long UserId, string DisplayName, string Handle, string? AvatarUrl, bool IsOwner, bool? IsOnline);

/// <summary>A group room's members as a member sees them.</summary>
public sealed record RoomMembers(long RoomId, string Name, string? Description, bool YouOwnIt, bool YouMutedIt, IReadOnlyList<RoomMemberView> Members)
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

/// <summary>Who belongs to a room changed: member lists and headers reload.</summary>
public sealed record RoomMembersChanged(long RoomId) : RoomEvent(RoomId);

/// <summary>A member was removed, left, or the room was deleted: that member's screens lose the room at once.</summary>
public sealed record MemberRemoved(long RoomId, long UserId, string Reason) : RoomEvent(RoomId);

/// <summary>A member of one of the user's group rooms came online or went offline (counted per person).</summary>
public sealed record RoomPresenceChanged(long RoomId, long UserId, bool IsOnline) : RoomEvent(RoomId);

/// <summary>The user's set of rooms changed (added to one, removed from one): the room list reloads.</summary>
public sealed record RoomsChanged : UserEvent;

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

    Task<Outcome> SetMutedAsync(long roomId, bool muted);
}

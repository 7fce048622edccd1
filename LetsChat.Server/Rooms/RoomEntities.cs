using LetsChat.Components.Rooms;

namespace LetsChat.Server.Rooms;

public sealed class Room
{
    /// <summary>The public room exists in every database with this id.</summary>
    public const long PublicRoomId = 1;

    public long Id { get; set; }
    public RoomKind Kind { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public long? OwnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The sequence number of the newest message; the next message takes the one after.</summary>
    public long LastSequence { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }
    /// <summary>Set when the friendship behind a private room ends: history stays, nobody writes.</summary>
    public bool IsReadOnly { get; set; }
    /// <summary>One message per this many seconds per person (moderators and the owner excepted); 0 is off.</summary>
    public int SlowModeSeconds { get; set; }
    /// <summary>A group room's owner lets moderators read it to review reports (the public room is always open to them).</summary>
    public bool ModeratorsAllowed { get; set; }
}

public sealed class RoomMember
{
    public long RoomId { get; set; }
    public long UserId { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    /// <summary>The newest sequence number the member has seen; unread counts start after it.</summary>
    public long LastReadSequence { get; set; }
    /// <summary>While in the future, the member cannot write in this room (muted by its owner or a moderator).</summary>
    public DateTimeOffset? MutedUntil { get; set; }
}

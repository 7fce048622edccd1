using LetsChat.Components.Chat;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Rooms;

/// <summary>Who belongs to a room changed: member lists and headers reload.</summary>
public sealed record RoomMembersChanged(long RoomId) : RoomEvent(RoomId);

/// <summary>A member was removed, left, or the room was deleted: that member's screens lose the room at once.</summary>
public sealed record MemberRemoved(long RoomId, long UserId, string Reason) : RoomEvent(RoomId);

/// <summary>A member of one of the user's group rooms came online or went offline (counted per person).</summary>
public sealed record RoomPresenceChanged(long RoomId, long UserId, bool IsOnline) : RoomEvent(RoomId);

/// <summary>The user's set of rooms changed (added to one, removed from one): the room list reloads.</summary>
public sealed record RoomsChanged : UserEvent;

/// <summary>A message arrived in one of the user's rooms (not the public one): the room list moves it up.</summary>
public sealed record RoomActivity(long RoomId, long Sequence, long AuthorId, string Preview, DateTimeOffset At) : UserEvent;

/// <summary>The user read a room up to a sequence number, in one of their tabs: every tab shows the same unread count.</summary>
public sealed record RoomRead(long RoomId, long LastReadSequence) : UserEvent;

/// <summary>Someone mentioned the user in a room (<paramref name="Unread"/>), or the user has read their mentions there: every tab's room list shows it.</summary>
public sealed record RoomMentions(long RoomId, bool Unread) : UserEvent;

/// <summary>A room's slow mode changed: composers show the new pace at once.</summary>
public sealed record RoomModerationChanged(long RoomId, int SlowModeSeconds) : RoomEvent(RoomId);

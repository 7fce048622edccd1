namespace LetsChat.Components.Rooms;

/// <summary>What a member sees of a room in its header and in the room list.</summary>
/// <param name="MutedUntil">Set while a moderator has muted the reader in this (the public) room.</param>
/// <param name="CanModerate">The reader is a moderator and this is the public room: they may remove any message.</param>
public sealed record RoomInfo(long Id, RoomKind Kind, string Name, bool CanWrite, DateTimeOffset? MutedUntil = null, bool CanModerate = false);

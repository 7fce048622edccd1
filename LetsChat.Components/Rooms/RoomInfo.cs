namespace LetsChat.Components.Rooms;

/// <summary>What a member sees of a room in its header and in the room list.</summary>
public sealed record RoomInfo(long Id, RoomKind Kind, string Name, bool CanWrite);

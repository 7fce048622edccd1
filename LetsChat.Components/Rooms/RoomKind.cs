namespace LetsChat.Components.Rooms;

public enum RoomKind
{
    Public = 0,
    Private = 1,
    Group = 2,
}

namespace LetsChat.Server.Rooms;

/// <summary>How big group rooms may get (section <see cref="Section"/>).</summary>
public sealed class RoomOptions
{
    public const string Section = "LetsChat:Rooms";

    /// <summary>Members a group room may have, its owner included. Each message's news goes to every one of them.</summary>
    public int MaxMembers { get; set; } = 500;

    /// <summary>Group rooms one person may belong to (made or joined).</summary>
    public int MaxRoomsPerUser { get; set; } = 100;
}

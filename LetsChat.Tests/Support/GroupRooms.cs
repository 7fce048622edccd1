using LetsChat.Components.Rooms;
using LetsChat.Server.Identity;

namespace LetsChat.Tests.Support;

public static class GroupRooms
{
    /// <summary>A group room of <paramref name="owner"/>'s with <paramref name="members"/>, made friends first, through the real service.</summary>
    public static async Task<long> CreateGroupAsync(this LetsChatApp app, CircuitPool circuits, User owner, params User[] members)
    {
        foreach (var member in members)
        {
            await app.MakeFriendsAsync(owner, member);
        }

        var rooms = circuits.Get<IRoomService>(owner);
        var roomId = (await rooms.CreateAsync("Study group", null)).Value!.Value;
        foreach (var member in members)
        {
            (await rooms.AddMemberAsync(roomId, member.Id)).Succeeded.ShouldBeTrue();
        }

        return roomId;
    }
}

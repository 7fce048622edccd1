using LetsChat.Components.Rooms;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;

namespace LetsChat.Tests.Support;

public static class Friendships
{
    /// <summary>Makes two users friends directly in the database, with their private room, as accepting a request does.</summary>
    public static async Task MakeFriendsAsync(this LetsChatApp app, User one, User other)
    {
        await using var db = await app.CreateDbAsync();
        var now = DateTimeOffset.UtcNow;
        var room = new Room { Kind = RoomKind.Private, Name = $"{one.DisplayName} & {other.DisplayName}", CreatedAt = now, LastActivityAt = now };
        db.Rooms.Add(room);
        await db.SaveChangesAsync();
        var (a, b) = Friendship.Order(one.Id, other.Id);
        db.Friendships.Add(new Friendship { UserAId = a, UserBId = b, RoomId = room.Id, CreatedAt = now });
        db.RoomMembers.AddRange(new RoomMember { RoomId = room.Id, UserId = one.Id, JoinedAt = now }, new RoomMember { RoomId = room.Id, UserId = other.Id, JoinedAt = now });
        await db.SaveChangesAsync();
    }
}

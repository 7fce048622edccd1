using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Server.Friends;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// Writes a <see cref="DayPlan"/>'s rooms and friendships into the server's SQLite database once its users have signed
/// in: making thousands of friends and rooms through the UI would take the whole run, and the same rows do the same.
/// </summary>
public static class DayArrangement
{
    /// <summary>Returns each plan room's database id (room 0 is the public room) and every user's handle.</summary>
    public static async Task<(long[] RoomIds, string[] Handles)> WriteAsync(string sqlite, DayPlan plan, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<SqliteLetsChatDb>().UseSqlite(sqlite).Options;
        await using var db = new SqliteLetsChatDb(options);
        var people = await db.Users.Select(u => new { u.Id, u.DisplayName, u.Handle }).ToDictionaryAsync(u => u.DisplayName, cancellationToken);
        var ids = Enumerable.Range(0, plan.Users).Select(u => people[DayPlan.UserName(u)].Id).ToArray();
        var comerIds = Enumerable.Range(0, plan.ComerFriends.Count).Select(c => people[DayPlan.ComerName(c)].Id).ToArray();
        var publicRoom = await db.Rooms.Where(r => r.Kind == RoomKind.Public).Select(r => r.Id).FirstAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;

        var rooms = plan.Rooms.Skip(1).Select(r => new Room
        {
            Kind = r.Kind == DayRoomKind.Group ? RoomKind.Group : RoomKind.Private,
            Name = r.Kind == DayRoomKind.Group ? $"Group {r.Index}" : "Private chat",
            OwnerId = r.Kind == DayRoomKind.Group ? ids[r.Members[0]] : null,
            CreatedAt = now,
            LastActivityAt = now,
        }).ToList();
        var friendships = plan.Rooms.Where(r => r.Kind == DayRoomKind.Private).Select(r => (ids[r.Members[0]], ids[r.Members[1]]))
            .Concat(plan.ComerFriends.SelectMany((friends, c) => friends.Select(f => (comerIds[c], ids[f]))))
            .ToList();
        var comerRooms = friendships.Skip(rooms.Count(r => r.Kind == RoomKind.Private))
            .Select(_ => new Room { Kind = RoomKind.Private, Name = "Private chat", CreatedAt = now, LastActivityAt = now }).ToList();
        db.Rooms.AddRange(rooms);
        db.Rooms.AddRange(comerRooms);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var (room, planned) in rooms.Zip(plan.Rooms.Skip(1)))
        {
            db.RoomMembers.AddRange(planned.Members.Select(m => new RoomMember { RoomId = room.Id, UserId = ids[m], JoinedAt = now }));
        }

        var privateRooms = rooms.Where(r => r.Kind == RoomKind.Private).Concat(comerRooms).ToList();
        foreach (var ((one, other), room) in friendships.Zip(privateRooms))
        {
            var (a, b) = Friendship.Order(one, other);
            db.Friendships.Add(new Friendship { UserAId = a, UserBId = b, RoomId = room.Id, CreatedAt = now });
            if (comerRooms.Contains(room))
            {
                db.RoomMembers.AddRange(new RoomMember { RoomId = room.Id, UserId = one, JoinedAt = now }, new RoomMember { RoomId = room.Id, UserId = other, JoinedAt = now });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        long[] roomIds = [publicRoom, .. rooms.Select(r => r.Id)];
        return (roomIds, [.. Enumerable.Range(0, plan.Users).Select(u => people[DayPlan.UserName(u)].Handle)]);
    }
}

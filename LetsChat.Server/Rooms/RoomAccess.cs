using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Rooms;

/// <summary>The one access check every room path calls: who may read a room, and who may write in it.</summary>
public sealed class RoomAccess(IDbContextFactory<LetsChatDb> dbFactory, TimeProvider time)
{
    /// <summary>
    /// The rooms <paramref name="userId"/> may read, as a query to compose: the public room and every room they are a
    /// member of. The one statement of the rule; whether the account is banned is the caller's to add.
    /// </summary>
    /// <remarks>
    /// Written as two key lookups (the seeded public room's id, and the user's memberships through their index) so that
    /// the database reads the user's rooms only: "kind is public or a membership exists" made it visit every room of
    /// the site for each call, which the day benchmark showed as most of the server's time while 10,000 tabs opened.
    /// </remarks>
    public static IQueryable<Room> ReadableBy(LetsChatDb db, long userId) =>
        db.Rooms.Where(r => r.Id == Room.PublicRoomId || db.RoomMembers.Where(m => m.UserId == userId).Select(m => m.RoomId).Contains(r.Id));

    /// <summary>
    /// Whether <paramref name="userId"/> may read the room now, in one query: asked by live subscriptions whenever
    /// they go to the store. A visitor (0) may read the public room only.
    /// </summary>
    public async Task<bool> CanReadAsync(long userId, long roomId, CancellationToken cancellationToken = default)
    {
        if (userId == 0)
        {
            return roomId == Room.PublicRoomId;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ReadableBy(db, userId).AnyAsync(r => r.Id == roomId && db.Users.Any(u => u.Id == userId && !u.IsBanned), cancellationToken);
    }

    /// <summary>The room as <paramref name="userId"/> may see it, or null when they may not see it at all.</summary>
    /// <remarks>
    /// One statement: every send, reaction, typing notice and room opened asks it, and the day benchmark showed its
    /// three round trips (room, user, friend's name) among the server's busiest.
    /// </remarks>
    public async Task<RoomInfo?> FindForUserAsync(long userId, long roomId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var room = await db.Rooms
            .Where(r => r.Id == roomId)
            .Select(r => new
            {
                r.Id,
                r.Kind,
                r.Name,
                r.IsReadOnly,
                r.OwnerId,
                r.SlowModeSeconds,
                r.ModeratorsAllowed,
                IsMember = db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == userId),
                MemberMutedUntil = db.RoomMembers.Where(m => m.RoomId == r.Id && m.UserId == userId).Select(m => m.MutedUntil).FirstOrDefault(),
                // Null when there is no such user.
                IsBanned = db.Users.Where(u => u.Id == userId).Select(u => (bool?)u.IsBanned).FirstOrDefault(),
                UserMutedUntil = db.Users.Where(u => u.Id == userId).Select(u => u.MutedUntil).FirstOrDefault(),
                IsModerator = db.Users.Where(u => u.Id == userId).Select(u => u.IsModerator).FirstOrDefault(),
                // A private room is called by the friend's name, as each of the two sees it.
                FriendName = r.Kind == RoomKind.Private
                    ? db.RoomMembers.Where(m => m.RoomId == r.Id && m.UserId != userId).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.DisplayName).FirstOrDefault()
                    : null,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (room is null || (room.Kind != RoomKind.Public && !room.IsMember) || room.IsBanned is not false)
        {
            return null;
        }

        // A moderator's mute holds in the public room; an owner's (or a moderator's there) in a group room.
        var mutedUntil = room.Kind switch
        {
            RoomKind.Public => room.UserMutedUntil,
            RoomKind.Group => room.MemberMutedUntil,
            _ => null,
        };
        var mutedHere = mutedUntil > now;
        var isOwner = room.Kind == RoomKind.Group && room.OwnerId == userId;
        return new RoomInfo(
            room.Id,
            room.Kind,
            room.Kind == RoomKind.Private ? room.FriendName ?? room.Name : room.Name,
            CanWrite: !room.IsReadOnly && !mutedHere,
            MutedUntil: mutedHere ? mutedUntil : null,
            CanModerate: isOwner || (room.IsModerator && Moderation.ModerationPowers.OpenToModerators(room.Kind, room.ModeratorsAllowed)),
            IsOwner: isOwner,
            SlowModeSeconds: room.SlowModeSeconds);
    }
}

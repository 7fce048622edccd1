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
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (room is null || (room.Kind != RoomKind.Public && !room.IsMember))
        {
            return null;
        }

        var user = await db.Users
            .Where(u => u.Id == userId)
            .Select(u => new { u.IsBanned, u.MutedUntil, u.IsModerator })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.IsBanned)
        {
            return null;
        }

        // A moderator's mute holds in the public room; an owner's (or a moderator's there) in a group room.
        var mutedUntil = room.Kind switch
        {
            RoomKind.Public => user.MutedUntil,
            RoomKind.Group => room.MemberMutedUntil,
            _ => null,
        };
        var mutedHere = mutedUntil > now;
        var isOwner = room.Kind == RoomKind.Group && room.OwnerId == userId;
        // A private room is called by the friend's name, as each of the two sees it.
        var name = room.Kind == RoomKind.Private
            ? await db.RoomMembers.Where(m => m.RoomId == room.Id && m.UserId != userId)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? room.Name
            : room.Name;
        return new RoomInfo(
            room.Id,
            room.Kind,
            name,
            CanWrite: !room.IsReadOnly && !mutedHere,
            MutedUntil: mutedHere ? mutedUntil : null,
            CanModerate: isOwner || (user.IsModerator && Moderation.ModerationPowers.OpenToModerators(room.Kind, room.ModeratorsAllowed)),
            IsOwner: isOwner,
            SlowModeSeconds: room.SlowModeSeconds);
    }
}

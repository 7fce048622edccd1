using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Rooms;

/// <summary>The one private room of two friends: opened when they become friends, read-only (history kept) when they stop.</summary>
public static class PrivateRooms
{
    /// <summary>The pair's room, reopened if they were friends before, or a new one. Saved by the caller.</summary>
    public static async Task<Room> OpenAsync(LetsChatDb db, long one, long other, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(db, one, other, cancellationToken);
        if (existing is not null)
        {
            existing.IsReadOnly = false;
            return existing;
        }

        var room = new Room { Kind = RoomKind.Private, Name = "Private chat", CreatedAt = now, LastActivityAt = now };
        db.Rooms.Add(room);
        await db.SaveChangesAsync(cancellationToken);
        db.RoomMembers.AddRange(
            new RoomMember { RoomId = room.Id, UserId = one, JoinedAt = now },
            new RoomMember { RoomId = room.Id, UserId = other, JoinedAt = now });
        return room;
    }

    public static async Task CloseAsync(LetsChatDb db, long one, long other, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, one, other, cancellationToken) is { } room)
        {
            room.IsReadOnly = true;
        }
    }

    private static Task<Room?> FindAsync(LetsChatDb db, long one, long other, CancellationToken cancellationToken) =>
        db.Rooms
            .Where(r => r.Kind == RoomKind.Private
                && db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == one)
                && db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == other))
            .OrderBy(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
}

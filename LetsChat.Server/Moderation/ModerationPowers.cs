using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>
/// What one person may do about one room, read from the database on every call. The one statement of the rule:
/// moderators act in the public room and in group rooms whose owner let them in; a group room's owner acts in their
/// room only; nobody moderates a private room, whose messages moderators see only when a reporter attached one.
/// </summary>
public sealed record ModerationPowers(long RoomId, RoomKind Kind, string RoomName, long? OwnerId, bool ModeratorsAllowed, bool IsModerator, bool IsOwner)
{
    /// <summary>Moderators may read this room around a reported message, and act in it.</summary>
    public static bool OpenToModerators(RoomKind kind, bool moderatorsAllowed) => kind == RoomKind.Public || (kind == RoomKind.Group && moderatorsAllowed);

    /// <summary>May remove messages, mute people and set slow mode here.</summary>
    public bool CanModerate => IsOwner || (IsModerator && OpenToModerators(Kind, ModeratorsAllowed));

    /// <summary>The caller's powers in <paramref name="roomId"/>; null when the room does not exist.</summary>
    public static async Task<ModerationPowers?> ReadAsync(LetsChatDb db, long userId, long roomId, CancellationToken cancellationToken)
    {
        var isModerator = await IsModeratorAsync(db, userId, cancellationToken);
        return await db.Rooms.AsNoTracking()
            .Where(r => r.Id == roomId)
            .Select(r => new ModerationPowers(
                r.Id,
                r.Kind,
                r.Name,
                r.OwnerId,
                r.ModeratorsAllowed,
                isModerator,
                r.Kind == RoomKind.Group && r.OwnerId == userId && db.Users.Any(u => u.Id == userId && !u.IsBanned)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>A moderator now: the role in the database, not banned, not deleted.</summary>
    public static Task<bool> IsModeratorAsync(LetsChatDb db, long userId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == userId && u.IsModerator && !u.IsBanned && u.DeletedAt == null, cancellationToken);

    /// <summary>Everyone a site-wide item concerns: the moderators now.</summary>
    public static Task<List<long>> ModeratorIdsAsync(LetsChatDb db, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.IsModerator && !u.IsBanned && u.DeletedAt == null).Select(u => u.Id).ToListAsync(cancellationToken);
}

using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Rooms;

/// <summary>Chooses how much a room may notify the current user; the room's readers only, checked on every call.</summary>
internal sealed class RoomNotificationSettings(CurrentUser currentUser, IDbContextFactory<LetsChatDb> dbFactory, ILogger<RoomNotificationSettings> logger)
    : IRoomNotificationSettings
{
    public async Task<NotificationLevel?> GetLevelAsync(long roomId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var room = await RoomAccess.ReadableBy(db, me.Id).Where(r => r.Id == roomId)
            .Select(r => new { r.Kind, Chosen = db.RoomNotificationSettings.Where(s => s.RoomId == r.Id && s.UserId == me.Id).Select(s => (NotificationLevel?)s.Level).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        return room is null ? null : room.Chosen ?? NotificationLevels.DefaultFor(room.Kind);
    }

    public Task<Outcome> SetLevelAsync(long roomId, NotificationLevel level) => DatabaseOutage.RefusedAsync(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        if (!Enum.IsDefined(level))
        {
            return Outcome.Refused("Choose all messages, mentions only or nothing.");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await RoomAccess.ReadableBy(db, me.Id).AnyAsync(r => r.Id == roomId))
        {
            return Outcome.Refused(RoomRefusals.NotAMember);
        }

        var setting = await db.RoomNotificationSettings.FindAsync(me.Id, roomId);
        if (setting is null)
        {
            db.RoomNotificationSettings.Add(new RoomNotificationSetting { UserId = me.Id, RoomId = roomId, Level = level });
        }
        else
        {
            setting.Level = level;
        }

        await db.SaveChangesAsync();
        return Outcome.Done(NotificationLevels.Explain(level));
    }, Outcome.Refused, logger);

    /// <summary>
    /// The level in force for each of <paramref name="userIds"/> in a room of <paramref name="kind"/>: their choice, or
    /// the kind's default.
    /// </summary>
    public static async Task<Dictionary<long, NotificationLevel>> LevelsAsync(LetsChatDb db, long roomId, RoomKind kind, IReadOnlyCollection<long> userIds, CancellationToken cancellationToken)
    {
        var chosen = await db.RoomNotificationSettings.Where(s => s.RoomId == roomId && userIds.Contains(s.UserId))
            .ToDictionaryAsync(s => s.UserId, s => s.Level, cancellationToken);
        var fallback = NotificationLevels.DefaultFor(kind);
        return userIds.Distinct().ToDictionary(id => id, id => chosen.GetValueOrDefault(id, fallback));
    }
}

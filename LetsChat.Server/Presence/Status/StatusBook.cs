using LetsChat.Components.Presence;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace LetsChat.Server.Presence.Status;

/// <summary>
/// Works out people's status as their friends see it, from the three places it lives: whether they are online (the
/// presence directory), whether they are idle (the activity directory), and what they chose (the database).
/// </summary>
public sealed class StatusBook(IDbContextFactory<LetsChatDb> dbFactory, IPresenceDirectory presence, IActivityDirectory activity, TimeProvider time, ILogger<StatusBook> logger)
{
    /// <param name="online">Who of them is online, when the caller asked already.</param>
    public async Task<IReadOnlyDictionary<long, PersonStatus>> OfAsync(IReadOnlyCollection<long> userIds, IReadOnlySet<long>? online = null, CancellationToken cancellationToken = default)
    {
        if (userIds.Count == 0)
        {
            return new Dictionary<long, PersonStatus>();
        }

        online ??= await presence.OnlineAmongAsync(userIds, cancellationToken);
        var idle = await IdleAsync([.. userIds.Where(online.Contains)]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var chosen = await db.Users.Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.StatusChoice, u.StatusUntil, u.CustomStatusEmoji, u.CustomStatusText, u.CustomStatusUntil })
            .ToListAsync(cancellationToken);
        return chosen.ToDictionary(
            u => u.Id,
            u => new PersonStatus(
                AvailabilityOf(online.Contains(u.Id), idle.Contains(u.Id), u.StatusChoice, u.StatusUntil, now),
                CustomOf(u.CustomStatusEmoji, u.CustomStatusText, u.CustomStatusUntil, now)));
    }

    public static Availability AvailabilityOf(bool online, bool idle, StatusChoice choice, DateTimeOffset? until, DateTimeOffset now) =>
        !online ? Availability.Offline
        : StatusRules.IsDoNotDisturb(choice, until, now) ? Availability.DoNotDisturb
        : choice == StatusChoice.Away || idle ? Availability.Away
        : Availability.Online;

    public static CustomStatus? CustomOf(string? emoji, string? text, DateTimeOffset? until, DateTimeOffset now) =>
        string.IsNullOrEmpty(text) || until <= now ? null : new CustomStatus(emoji, text, until);

    private async Task<IReadOnlySet<long>> IdleAsync(IReadOnlyCollection<long> onlineIds)
    {
        if (onlineIds.Count == 0)
        {
            return new HashSet<long>();
        }

        try
        {
            return await activity.IdleAmongAsync(onlineIds);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Shown as online rather than not at all; the next change corrects it.
            logger.ActivityUnavailable(ex);
            return new HashSet<long>();
        }
    }
}

using LetsChat.Components.Presence;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Presence.Status;

/// <summary>
/// Changes statuses nobody acts on: users of this instance with no input for <see cref="PresenceOptions.AwayAfter"/>
/// become away, and do-not-disturb and custom statuses whose time is up end. Each change is made by one conditional
/// write (or one atomic script), so with several instances sweeping only the one that made it tells the friends.
/// </summary>
internal sealed class StatusSweeper(
    PresenceService presence,
    IActivityDirectory activity,
    StatusAnnouncer announcer,
    IDbContextFactory<LetsChatDb> dbFactory,
    IOptionsMonitor<PresenceOptions> options,
    TimeProvider time,
    ILogger<StatusSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.StatusSweepEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.SweepFailed(ex);
            }
        }
    }

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var online = presence.OnlineUsers();
        var gone = online.Count == 0 ? [] : await activity.MarkIdleAsync(online, now - options.CurrentValue.AwayAfter, now);
        foreach (var userId in gone)
        {
            await announcer.AnnounceAsync(userId, cancellationToken: cancellationToken);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ended = await db.Users
            .Where(u => (u.StatusUntil != null && u.StatusUntil <= now) || (u.CustomStatusUntil != null && u.CustomStatusUntil <= now))
            .Select(u => u.Id)
            .Take(1000)
            .ToListAsync(cancellationToken);
        foreach (var userId in ended)
        {
            var statusEnded = await db.Users.Where(u => u.Id == userId && u.StatusUntil != null && u.StatusUntil <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.StatusChoice, StatusChoice.Automatic).SetProperty(x => x.StatusUntil, (DateTimeOffset?)null), cancellationToken);
            var customEnded = await db.Users.Where(u => u.Id == userId && u.CustomStatusUntil != null && u.CustomStatusUntil <= now)
                .ExecuteUpdateAsync(
                    u => u.SetProperty(x => x.CustomStatusText, (string?)null).SetProperty(x => x.CustomStatusEmoji, (string?)null).SetProperty(x => x.CustomStatusUntil, (DateTimeOffset?)null),
                    cancellationToken);
            if (statusEnded + customEnded > 0)
            {
                await announcer.AnnounceAsync(userId, cancellationToken: cancellationToken);
            }
        }
    }
}

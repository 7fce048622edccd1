using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>Lifts bans whose time is up, on every instance every minute (the update is idempotent, so instances never clash).</summary>
public sealed class BanExpiry(IDbContextFactory<LetsChatDb> dbFactory, TimeProvider time, ILogger<BanExpiry> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    /// <summary>One sweep: returns how many bans were lifted.</summary>
    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lifted = await db.Users.Where(u => u.IsBanned && u.BannedUntil != null && u.BannedUntil <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.IsBanned, false).SetProperty(x => x.BanReason, (string?)null)
                .SetProperty(x => x.BannedAt, (DateTimeOffset?)null).SetProperty(x => x.BannedUntil, (DateTimeOffset?)null), cancellationToken);
        if (lifted > 0)
        {
            logger.BansLifted(lifted);
        }

        return lifted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (DatabaseOutage.Is(ex))
            {
                logger.BanSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

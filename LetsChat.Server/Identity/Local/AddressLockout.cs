using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Identity;

/// <summary>
/// Wrong passwords counted per client address, across every account, in the database (so every instance sees the
/// same count): one address guessing at many accounts is locked out as one account guessing would be.
/// </summary>
public sealed class AddressLockout(IDbContextFactory<LetsChatDb> dbFactory, IOptionsMonitor<LetsChatOptions> options, TimeProvider time)
{
    /// <summary>When the address may try again, if it is locked out now.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string address, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var until = await db.SignInThrottles.Where(t => t.Address == address).Select(t => t.LockedUntil).SingleOrDefaultAsync(cancellationToken);
        return until > time.GetUtcNow() ? until : null;
    }

    /// <summary>Counts a wrong password from the address; returns when it may try again if this one locked it out.</summary>
    public async Task<DateTimeOffset?> FailedAsync(string address, CancellationToken cancellationToken = default)
    {
        var lockout = options.CurrentValue.Lockout;
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var throttle = await db.SignInThrottles.SingleOrDefaultAsync(t => t.Address == address, cancellationToken);
        if (throttle is null)
        {
            throttle = new SignInThrottle { Address = address, WindowStartedAt = now };
            db.SignInThrottles.Add(throttle);
        }
        else if (now - throttle.WindowStartedAt > lockout.Duration)
        {
            throttle.WindowStartedAt = now;
            throttle.Failures = 0;
        }

        throttle.Failures++;
        if (throttle.Failures >= Math.Max(1, lockout.FailuresPerAddress))
        {
            throttle.LockedUntil = now + lockout.Duration;
            throttle.Failures = 0;
            throttle.WindowStartedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // Two first failures from one address at once: the other one's row counts; this one is lost, harmlessly.
        }

        return throttle.LockedUntil > now ? throttle.LockedUntil : null;
    }
}

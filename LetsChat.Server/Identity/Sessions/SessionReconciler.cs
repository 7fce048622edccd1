using LetsChat.Components.Presence;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Presence;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Identity.Sessions;

/// <summary>
/// Bans and sign-outs reach other instances as events. When this instance's link to them comes back after an outage,
/// the events sent meanwhile may be lost for good (their instance died), so each live circuit here is checked against
/// the database once: a circuit whose session has ended, or whose user is banned or deleted, is closed with the reason.
/// </summary>
internal sealed class SessionReconciler(
    IEventBus bus,
    PresenceService presence,
    IDbContextFactory<LetsChatDb> dbFactory,
    ILogger<SessionReconciler> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        bus.Resumed += OnResumed;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        bus.Resumed -= OnResumed;
        return Task.CompletedTask;
    }

    /// <summary>Closes every circuit here whose session or user no longer allows it; returns how many.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var circuits = presence.LiveCircuits();
        if (circuits.Count == 0)
        {
            return 0;
        }

        var sessionIds = circuits.Select(c => c.SessionId).OfType<string>().Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var valid = await db.Sessions
            .Where(s => sessionIds.Contains(s.Id))
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.Id, s.UserId, u.IsBanned, u.BanReason, u.DeletedAt })
            .ToListAsync(cancellationToken);
        var byId = valid.ToDictionary(s => s.Id);
        var closed = 0;
        foreach (var (userId, circuitId, sessionId) in circuits)
        {
            var session = sessionId is null ? null : byId.GetValueOrDefault(sessionId);
            string? reason = session is null || session.UserId != userId || session.DeletedAt is not null ? CircuitCloseReasons.SignedOut
                : session.IsBanned ? CircuitCloseReasons.BannedBecause(session.BanReason)
                : null;
            if (reason is not null && presence.CloseCircuit(userId, circuitId, reason))
            {
                closed++;
            }
        }

        return closed;
    }

    // The presence topic resumes once per outage on every instance, whatever rooms are open.
    private void OnResumed(string topic)
    {
        if (topic != CircuitCloser.Topic)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                if (await ReconcileAsync() is > 0 and var closed)
                {
                    logger.ReconciledCircuits(closed);
                }
            }
            catch (Exception ex)
            {
                logger.ReconcileCircuitsFailed(ex);
            }
        });
    }
}

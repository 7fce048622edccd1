using LetsChat.Components.Admin;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Admin;

/// <summary>
/// Closes a banned user's circuits on this instance when a ban is announced on any instance (the moderator's own
/// instance closes them at once, this catches the tabs the user has open elsewhere).
/// </summary>
internal sealed class BanEnforcer(IEventBus bus, DeliveryLanes lanes, PresenceService presence) : IHostedService, IDisposable
{
    private OrderedSubscription<UserEvent>? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = new OrderedSubscription<UserEvent>(bus, lanes, AdminTopics.Moderation, CloseAsync, accept: e => e is UserBanned);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription?.Dispose();

    private Task CloseAsync(IReadOnlyList<UserEvent> bans)
    {
        foreach (var ban in bans.OfType<UserBanned>())
        {
            presence.CloseAllCircuits(ban.UserId, CircuitCloseReasons.BannedBecause(ban.Reason));
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A banned user's cookie may outlive the ban: a tab they open afterwards shows the ban notice instead of the app.
/// Runs after the presence handler, so that the circuit it closes is one presence knows.
/// </summary>
internal sealed class BannedCircuitHandler(
    AuthenticationStateProvider authentication,
    IDbContextFactory<LetsChatDb> dbFactory,
    PresenceService presence,
    UserCircuit userCircuit) : CircuitHandler
{
    public override int Order => -90;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (LetsChatClaims.ToSignedInUser(state.User) is not { } user)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ban = await db.Users.Where(u => u.Id == user.Id && u.IsBanned).Select(u => new { u.BanReason }).SingleOrDefaultAsync(cancellationToken);
        if (ban is not null)
        {
            var reason = CircuitCloseReasons.BannedBecause(ban.BanReason);
            if (!presence.CloseCircuit(user.Id, circuit.Id, reason))
            {
                userCircuit.Close(reason);
            }
        }
    }
}

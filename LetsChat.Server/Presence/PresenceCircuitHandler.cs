using LetsChat.Server.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace LetsChat.Server.Presence;

/// <summary>Tells the presence service when each circuit of a signed-in user opens, drops, comes back and closes.</summary>
internal sealed class PresenceCircuitHandler(PresenceService presence, AuthenticationStateProvider authentication, UserCircuit userCircuit) : CircuitHandler
{
    private long? _userId;

    // Runs before the other handlers, so that the circuit is counted before anything renders.
    public override int Order => -100;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (LetsChatClaims.ToSignedInUser(state.User) is { } user)
        {
            _userId = user.Id;
            userCircuit.SessionId = LetsChatClaims.SessionId(state.User);
            presence.CircuitOpened(user.Id, circuit.Id, userCircuit);
        }
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_userId is { } userId)
        {
            presence.CircuitDown(userId, circuit.Id);
        }

        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_userId is { } userId)
        {
            presence.CircuitUp(userId, circuit.Id);
        }

        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_userId is { } userId)
        {
            presence.CircuitClosed(userId, circuit.Id);
        }

        return Task.CompletedTask;
    }
}

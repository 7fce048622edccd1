using LetsChat.Benchmarks.Load;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Presence;

/// <summary>A client that ignores the instruction to disconnect loses its connection anyway: closing a circuit ends it on the server.</summary>
public sealed class ClosedCircuitGuardTests
{
    [Fact]
    public async Task A_client_that_ignores_being_closed_is_disconnected_by_the_server()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = new LetsChatApp();
        var presence = app.Services.GetRequiredService<PresenceService>();
        using var user = await SimulatedUser.SignInAsync(app.ServerAddress, "Stubborn", cancellationToken);
        // The benchmark's client renders nothing and obeys nothing: it is the client that ignores the notice.
        await using var circuit = await BlazorCircuit.OpenAsync(user, "/chat", null, cancellationToken);
        await Eventually.HoldsAsync(() => presence.CircuitCount == 1, "the server counts the circuit");
        var userId = presence.LiveCircuits().Single().UserId;

        presence.CloseAllCircuits(userId, "closed by the test");

        await Eventually.HoldsAsync(() => circuit.Closed, "the server ends the connection");
        presence.CircuitCount.ShouldBe(0);
    }
}

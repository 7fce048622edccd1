using LetsChat.Benchmarks.Load;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using MessagePack;
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

    [Fact]
    public async Task A_closed_circuit_asked_back_over_a_new_connection_is_disconnected_at_once()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = new LetsChatApp();
        var presence = app.Services.GetRequiredService<PresenceService>();
        using var user = await SimulatedUser.SignInAsync(app.ServerAddress, "Stubborn", cancellationToken);
        await using var circuit = await BlazorCircuit.OpenAsync(user, "/chat", null, cancellationToken);
        await Eventually.HoldsAsync(() => presence.CircuitCount == 1, "the server counts the circuit");
        presence.CloseAllCircuits(presence.LiveCircuits().Single().UserId, "closed by the test");
        await Eventually.HoldsAsync(() => circuit.Closed, "the server ends the connection");

        // What blazor.web.js does after a dropped connection: a new connection asks for the old circuit back.
        await using var again = await LeanHubConnection.ConnectAsync(user.Http, new Uri(user.Server, "_blazor"), user.Cookies, "blazorpack",
            static (_, _) => ValueTask.CompletedTask, cancellationToken);
        try
        {
            await again.InvokeAsync("ConnectCircuit", 1, (ref MessagePackWriter w) => w.Write(circuit.CircuitId), cancellationToken);
        }
        catch (Exception ex) when (ex is not Shouldly.ShouldAssertException)
        {
            // The server may abort before it answers; either way the connection must end.
        }

        await Eventually.HoldsAsync(() => again.IsClosed, "the server ends the reconnected connection at once");
        presence.CircuitCount.ShouldBe(0);
    }

    [Fact]
    public async Task Visitors_hold_a_bounded_number_of_circuits_per_address_and_the_oldest_goes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:MaxVisitorCircuitsPerAddress"] = "2" });
        var visitors = app.Services.GetRequiredService<VisitorCircuits>();
        List<(SimulatedUser Visitor, BlazorCircuit Circuit)> tabs = [];
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var visitor = SimulatedUser.Anonymous(app.ServerAddress);
                tabs.Add((visitor, await BlazorCircuit.OpenAsync(visitor, "/", null, cancellationToken)));
            }

            await Eventually.HoldsAsync(() => tabs[0].Circuit.Closed, "the oldest visitor tab is ended by the server");
            tabs[1].Circuit.Closed.ShouldBeFalse();
            tabs[2].Circuit.Closed.ShouldBeFalse();
            await Eventually.HoldsAsync(() => visitors.CountFrom(System.Net.IPAddress.Loopback) == 2, "two visitor circuits are counted from 127.0.0.1");
        }
        finally
        {
            foreach (var (visitor, circuit) in tabs)
            {
                await circuit.DisposeAsync();
                visitor.Dispose();
            }
        }
    }
}

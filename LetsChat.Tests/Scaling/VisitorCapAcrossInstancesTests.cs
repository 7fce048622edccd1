using LetsChat.Benchmarks.Load;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LetsChat.Tests.Scaling;

/// <summary>The visitors' circuit cap per client address counts every instance's circuits, not one instance's.</summary>
public sealed class VisitorCapAcrossInstancesTests(PostgresServer postgres) : IAsyncLifetime
{
    private TwoInstances _instances = default!;

    public async ValueTask InitializeAsync() =>
        _instances = await TwoInstances.StartAsync(postgres, new Dictionary<string, string?> { ["LetsChat:MaxVisitorCircuitsPerAddress"] = "2" });

    public ValueTask DisposeAsync() => _instances.DisposeAsync();

    [Fact]
    public async Task A_visitor_tab_opened_on_one_instance_ends_the_oldest_on_the_other()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var counted = _instances.A.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        List<(SimulatedUser Visitor, BlazorCircuit Circuit)> tabs = [];
        try
        {
            foreach (var (app, countedBefore) in new[] { (_instances.A, 0), (_instances.A, 1), (_instances.B, 2) })
            {
                await Eventually.HoldsAsync(async () => await counted.SortedSetLengthAsync("letschat:visitors:127.0.0.1") == countedBefore,
                    $"{countedBefore} visitor circuits are counted in Redis");
                var visitor = SimulatedUser.Anonymous(app.ServerAddress);
                tabs.Add((visitor, await BlazorCircuit.OpenAsync(visitor, "/", null, cancellationToken)));
            }

            await Eventually.HoldsAsync(() => tabs[0].Circuit.Closed, "the oldest visitor tab, on the other instance, is ended");
            tabs[1].Circuit.Closed.ShouldBeFalse();
            tabs[2].Circuit.Closed.ShouldBeFalse();
            _instances.A.Services.GetRequiredService<VisitorCircuits>().CountFrom(System.Net.IPAddress.Loopback).ShouldBe(1);
            (await counted.SortedSetLengthAsync("letschat:visitors:127.0.0.1")).ShouldBe(2);
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

using LetsChat.Components.Admin;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Scaling;

/// <summary>The admin overview counts people online and live tabs on every instance, and only tabs with a browser connected.</summary>
public sealed class AdminTotalsAcrossInstancesTests(PostgresServer postgres) : IAsyncLifetime
{
    private TwoInstances _instances = default!;

    public async ValueTask InitializeAsync() =>
        _instances = await TwoInstances.StartAsync(postgres, new Dictionary<string, string?> { ["LetsChat:Moderators:0"] = "mod@example.com" });

    public ValueTask DisposeAsync() => _instances.DisposeAsync();

    [Fact]
    public async Task Live_tabs_and_people_online_are_counted_on_both_instances_and_a_dropped_tab_is_not_live()
    {
        var mod = await _instances.A.CreateUserAsync("Mod", "mod@example.com");
        var bob = await _instances.A.CreateUserAsync("Bob");
        await using var modTab = _instances.A.OpenCircuit(mod);
        await using var bobOnA = _instances.A.OpenCircuit(bob);
        await using var bobOnB = _instances.B.OpenCircuit(bob);
        await using var bobOtherOnB = _instances.B.OpenCircuit(bob);
        var onA = _instances.A.Services.GetRequiredService<PresenceService>();
        var onB = _instances.B.Services.GetRequiredService<PresenceService>();
        onA.CircuitOpened(mod.Id, "mod-tab", modTab.Get<UserCircuit>());
        onA.CircuitOpened(bob.Id, "bob-a", bobOnA.Get<UserCircuit>());
        onB.CircuitOpened(bob.Id, "bob-b1", bobOnB.Get<UserCircuit>());
        onB.CircuitOpened(bob.Id, "bob-b2", bobOtherOnB.Get<UserCircuit>());
        var admin = modTab.Get<IAdminService>();

        await Eventually.HoldsAsync(async () => await admin.GetOverviewAsync() is { OnlineUsers: 2, LiveCircuits: 4 },
            "two people and four tabs, on two instances", TimeSpan.FromSeconds(20));

        onB.CircuitDown(bob.Id, "bob-b2");
        await Eventually.HoldsAsync(async () => await admin.GetOverviewAsync() is { OnlineUsers: 2, LiveCircuits: 3 },
            "a tab whose connection dropped is not live", TimeSpan.FromSeconds(20));
    }
}

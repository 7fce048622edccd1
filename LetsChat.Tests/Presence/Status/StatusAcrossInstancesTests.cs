using System.Collections.Concurrent;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Events;
using LetsChat.Server.Presence;
using LetsChat.Server.Presence.Status;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Presence.Status;

/// <summary>Two instances, one Redis, one clock: away and do not disturb follow the user's tabs wherever they are.</summary>
public sealed class StatusAcrossInstancesTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TwoInstances _instances = default!;

    public async ValueTask InitializeAsync() =>
        _instances = await TwoInstances.StartAsync(
            postgres,
            new Dictionary<string, string?> { ["LetsChat:StatusSweepEvery"] = "1.00:00:00" },
            services => services.AddSingleton<TimeProvider>(_time));

    public ValueTask DisposeAsync() => _instances.DisposeAsync();

    [Fact]
    public async Task Input_on_one_instance_keeps_the_user_active_on_both_and_away_and_do_not_disturb_are_told_once()
    {
        var (a, b) = (_instances.A, _instances.B);
        var alice = await a.CreateUserAsync("Alice");
        var bob = await a.CreateUserAsync("Bob");
        await a.MakeFriendsAsync(alice, bob);
        await using var bobTab = a.OpenCircuit(bob);
        var seenByBob = new ConcurrentQueue<StatusChanged>();
        await bobTab.Get<IUserFeed>().SubscribeAsync(events => Collect.Into(events.OfType<StatusChanged>(), seenByBob));
        await TwoInstances.ListeningAsync(a, EventTopics.User(bob.Id));
        await using var aliceOnA = a.OpenCircuit(alice);
        await using var aliceOnB = b.OpenCircuit(alice);
        // With a custom status, her arrival is announced as a status too: the test waits for it, so that a late arrival
        // announcement cannot be mistaken for the sweep's.
        (await aliceOnA.Get<IMyStatus>().SetCustomAsync("🎧", "Focus", null)).Succeeded.ShouldBeTrue();
        a.Services.GetRequiredService<PresenceService>().CircuitOpened(alice.Id, "tab-on-a", new UserCircuit());
        b.Services.GetRequiredService<PresenceService>().CircuitOpened(alice.Id, "tab-on-b", new UserCircuit());
        await Eventually.HoldsAsync(() => seenByBob.Any(s => s.Status.Availability == Availability.Online), "Bob hears Alice arrive");

        await aliceOnA.Get<IMyStatus>().ReportActivityAsync();
        _time.Advance(TimeSpan.FromMinutes(9));
        await aliceOnA.Get<IMyStatus>().ReportActivityAsync(); // only ever on A
        _time.Advance(TimeSpan.FromMinutes(9));
        await SweepBothAsync();
        (await bobTab.Get<IPresenceQuery>().GetFriendsAsync()).Single().Shown.Availability.ShouldBe(Availability.Online);

        _time.Advance(TimeSpan.FromMinutes(2));
        await SweepBothAsync();
        await Eventually.HoldsAsync(() => seenByBob.Any(s => s.Status.Availability == Availability.Away), "Bob sees Alice away");
        await SweepBothAsync();

        (await aliceOnB.Get<IMyStatus>().ChooseAsync(StatusChoice.DoNotDisturb, _time.GetUtcNow().AddMinutes(30))).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => seenByBob.Any(s => s.Status.Availability == Availability.DoNotDisturb), "Bob, on the other instance, sees do not disturb");
        (await aliceOnA.Get<IMyStatus>().GetAsync())!.IsDoNotDisturb(_time.GetUtcNow()).ShouldBeTrue();
        seenByBob.Count(s => s.Status.Availability == Availability.Away).ShouldBe(1);

        _time.Advance(TimeSpan.FromMinutes(31));
        await SweepBothAsync();
        await Eventually.HoldsAsync(() => seenByBob.LastOrDefault()?.Status.Availability == Availability.Away, "do not disturb ended: still away, idle");
        seenByBob.Count(s => s.Status.Availability == Availability.Away).ShouldBe(2); // one sweep ended it, not both
    }

    private async Task SweepBothAsync()
    {
        await _instances.A.Services.GetRequiredService<StatusSweeper>().SweepAsync(CancellationToken.None);
        await _instances.B.Services.GetRequiredService<StatusSweeper>().SweepAsync(CancellationToken.None);
    }
}

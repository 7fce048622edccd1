using System.Collections.Concurrent;
using LetsChat.Components.Presence;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Presence;

public sealed class PresenceServiceTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly PresenceService _presence;

    public PresenceServiceTests() =>
        _presence = new PresenceService(new FixedOptions<PresenceOptions>(new PresenceOptions { MaxCircuitsPerUser = 5, OfflineGracePeriod = Grace }), _time, NullLogger<PresenceService>.Instance);

    [Fact]
    public void Opening_a_circuit_puts_the_user_online_once()
    {
        _presence.CircuitOpened(1, "a", new FakeCircuit());
        _presence.CircuitOpened(1, "b", new FakeCircuit());

        _presence.IsOnline(1).ShouldBeTrue();
        Changes().ShouldBe([new PresenceChanged(1, true, null)]);
    }

    [Fact]
    public void A_dropped_connection_that_comes_back_within_the_grace_period_changes_nothing()
    {
        _presence.CircuitOpened(1, "a", new FakeCircuit());
        Changes();

        _presence.CircuitDown(1, "a");
        _time.Advance(Grace - TimeSpan.FromSeconds(1));
        _presence.CircuitUp(1, "a");
        _time.Advance(Grace * 2);

        _presence.IsOnline(1).ShouldBeTrue();
        Changes().ShouldBeEmpty();
    }

    [Fact]
    public void A_connection_down_past_the_grace_period_puts_the_user_offline_with_last_seen()
    {
        _presence.CircuitOpened(1, "a", new FakeCircuit());
        Changes();

        _presence.CircuitDown(1, "a");
        _time.Advance(Grace - TimeSpan.FromMilliseconds(1));
        _presence.IsOnline(1).ShouldBeTrue();
        _time.Advance(TimeSpan.FromMilliseconds(1));

        _presence.IsOnline(1).ShouldBeFalse();
        var wentOffline = _time.GetUtcNow();
        Changes().ShouldBe([new PresenceChanged(1, false, wentOffline)]);
        _presence.LastSeen(1).ShouldBe(wentOffline);
    }

    [Fact]
    public void A_reload_closes_the_circuit_and_opens_another_without_a_flicker()
    {
        _presence.CircuitOpened(1, "before-reload", new FakeCircuit());
        Changes();

        _presence.CircuitClosed(1, "before-reload");
        _time.Advance(TimeSpan.FromSeconds(2));
        _presence.CircuitOpened(1, "after-reload", new FakeCircuit());
        _time.Advance(Grace * 2);

        _presence.IsOnline(1).ShouldBeTrue();
        Changes().ShouldBeEmpty();
    }

    [Fact]
    public void One_connected_circuit_keeps_the_user_online_while_another_is_down()
    {
        _presence.CircuitOpened(1, "phone", new FakeCircuit());
        _presence.CircuitOpened(1, "desk", new FakeCircuit());

        _presence.CircuitDown(1, "phone");
        _time.Advance(Grace * 2);

        _presence.IsOnline(1).ShouldBeTrue();
    }

    [Fact]
    public void After_every_circuit_closes_and_the_grace_period_passes_nothing_is_kept_for_the_user()
    {
        for (var i = 0; i < 3; i++)
        {
            _presence.CircuitOpened(7, $"c{i}", new FakeCircuit());
        }

        for (var i = 0; i < 3; i++)
        {
            _presence.CircuitClosed(7, $"c{i}");
        }

        _presence.TrackedUserCount.ShouldBe(1); // still within the grace period
        _time.Advance(Grace);

        _presence.TrackedUserCount.ShouldBe(0);
        _presence.CircuitCount.ShouldBe(0);
        _presence.IsOnline(7).ShouldBeFalse();
    }

    [Fact]
    public void Opening_one_circuit_more_than_the_cap_closes_the_oldest_with_a_notice()
    {
        var circuits = Enumerable.Range(0, 6).Select(_ => new FakeCircuit()).ToList();

        for (var i = 0; i < circuits.Count; i++)
        {
            _presence.CircuitOpened(1, $"tab{i}", circuits[i]);
        }

        circuits[0].ClosedWith.ShouldBe(CircuitCloseReasons.OpenedElsewhere);
        circuits.Skip(1).ShouldAllBe(c => c.ClosedWith == null);
        _presence.CircuitCountOf(1).ShouldBe(5);
        CircuitCloseReasons.OpenedElsewhere.ShouldContain("opened in another tab");
    }

    [Fact]
    public void The_cap_is_per_user()
    {
        for (var i = 0; i < 5; i++)
        {
            _presence.CircuitOpened(1, $"alice{i}", new FakeCircuit());
        }

        var bob = new FakeCircuit();
        _presence.CircuitOpened(2, "bob0", bob);

        bob.ClosedWith.ShouldBeNull();
        _presence.CircuitCountOf(1).ShouldBe(5);
        _presence.CircuitCountOf(2).ShouldBe(1);
    }

    [Fact]
    public async Task A_hundred_parallel_connects_of_one_user_fifty_times_leave_exactly_the_cap_and_nothing_behind()
    {
        for (var round = 0; round < 50; round++)
        {
            var circuits = new ConcurrentBag<FakeCircuit>();
            await Parallel.ForAsync(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (i, _) =>
            {
                var circuit = new FakeCircuit($"round{round}-tab{i}");
                circuits.Add(circuit);
                _presence.CircuitOpened(round, circuit.Id, circuit);
                return ValueTask.CompletedTask;
            });

            _presence.CircuitCountOf(round).ShouldBe(5);
            circuits.Count(c => c.ClosedWith is null).ShouldBe(5);
            circuits.Count(c => c.ClosedWith is not null).ShouldBe(95);
            foreach (var circuit in circuits.Where(c => c.ClosedWith is null))
            {
                _presence.CircuitClosed(round, circuit.Id);
            }
        }

        _time.Advance(Grace);
        _presence.TrackedUserCount.ShouldBe(0);
        _presence.CircuitCount.ShouldBe(0);
    }

    [Fact]
    public void Closing_every_circuit_of_a_user_closes_them_all_with_the_reason()
    {
        var tabs = new[] { new FakeCircuit(), new FakeCircuit() };
        _presence.CircuitOpened(1, "a", tabs[0]);
        _presence.CircuitOpened(1, "b", tabs[1]);

        _presence.CloseAllCircuits(1, "banned");

        tabs.ShouldAllBe(t => t.ClosedWith == "banned");
        _presence.CircuitCountOf(1).ShouldBe(0);
    }

    private List<PresenceChanged> Changes()
    {
        var changes = new List<PresenceChanged>();
        while (_presence.Changes.TryRead(out var change))
        {
            changes.Add(change);
        }

        return changes;
    }

    private sealed class FakeCircuit(string? id = null) : ICircuitControl
    {
        public string? SessionId => null;

        public string Id { get; } = id ?? Guid.NewGuid().ToString();

        public string? ClosedWith { get; private set; }

        public void Close(string reason) => ClosedWith ??= reason;
    }
}

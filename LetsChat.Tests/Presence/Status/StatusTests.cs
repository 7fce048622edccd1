using System.Collections.Concurrent;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Presence;
using LetsChat.Server.Presence.Status;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Presence.Status;

/// <summary>Away, do not disturb and custom statuses through the real host, on a clock the test moves.</summary>
public sealed class StatusTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly LetsChatApp _app;
    private readonly CircuitPool _circuits;

    public StatusTests()
    {
        // The sweep runs when the test says, not on its own timer.
        _app = new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:StatusSweepEvery"] = "1.00:00:00" })
        {
            TestServices = services => services.AddSingleton<TimeProvider>(_time),
        };
        _circuits = new CircuitPool(_app);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _circuits.DisposeAsync();
        await _app.DisposeAsync();
    }

    private PresenceService Presence => _app.Services.GetRequiredService<PresenceService>();

    private Task SweepAsync() => _app.Services.GetRequiredService<StatusSweeper>().SweepAsync(CancellationToken.None);

    [Fact]
    public async Task Do_not_disturb_for_an_hour_reaches_friends_and_own_tabs_never_a_stranger_and_ends_by_itself()
    {
        var (alice, bob, carol) = (await _app.CreateUserAsync("Alice"), await _app.CreateUserAsync("Bob"), await _app.CreateUserAsync("Carol"));
        await _app.MakeFriendsAsync(alice, bob);
        Presence.CircuitOpened(alice.Id, "alice-tab", new UserCircuit());
        var seenByBob = await WatchAsync(bob);
        var seenByCarol = await WatchAsync(carol);
        var seenByAlice = await WatchAsync(alice);

        var outcome = await _circuits.Get<IMyStatus>(alice).ChooseAsync(StatusChoice.DoNotDisturb, _time.GetUtcNow().AddHours(1));

        outcome.Succeeded.ShouldBeTrue(outcome.Message);
        await Eventually.HoldsAsync(() => seenByBob.Any(s => s.UserId == alice.Id && s.Status.Availability == Availability.DoNotDisturb), "Bob sees Alice in do not disturb");
        await Eventually.HoldsAsync(() => seenByAlice.Any(s => s.UserId == alice.Id && s.Status.Availability == Availability.DoNotDisturb), "Alice's other tabs hear it");
        var mine = (await _circuits.Get<IMyStatus>(alice).GetAsync())!;
        mine.Choice.ShouldBe(StatusChoice.DoNotDisturb);
        mine.IsDoNotDisturb(_time.GetUtcNow()).ShouldBeTrue();
        (await _circuits.Get<IPresenceQuery>(bob).GetFriendsAsync()).Single().Shown.Availability.ShouldBe(Availability.DoNotDisturb);

        _time.Advance(TimeSpan.FromMinutes(61));
        await SweepAsync();

        await Eventually.HoldsAsync(() => seenByBob.LastOrDefault(s => s.UserId == alice.Id)?.Status.Availability == Availability.Online, "Bob sees Alice online again");
        (await _circuits.Get<IMyStatus>(alice).GetAsync())!.Choice.ShouldBe(StatusChoice.Automatic);
        seenByCarol.ShouldBeEmpty();
    }

    [Fact]
    public async Task Ten_minutes_without_input_in_any_tab_shows_away_and_input_in_one_tab_brings_back_online()
    {
        var (alice, bob) = (await _app.CreateUserAsync("Alice"), await _app.CreateUserAsync("Bob"));
        await _app.MakeFriendsAsync(alice, bob);
        var seenByBob = await WatchAsync(bob);
        var presenceSeenByBob = new ConcurrentQueue<PresenceChanged>();
        await _circuits.Get<IUserFeed>(bob).SubscribeAsync(events => Collect.Into(events.OfType<PresenceChanged>(), presenceSeenByBob));
        Presence.CircuitOpened(alice.Id, "tab-1", new UserCircuit());
        Presence.CircuitOpened(alice.Id, "tab-2", new UserCircuit());
        // Friends hear "online" from the broadcaster's queue; were that late, it would tell them the away it then reads.
        await Eventually.HoldsAsync(() => presenceSeenByBob.Any(p => p.UserId == alice.Id && p.IsOnline), "Bob hears Alice come online");
        await _circuits.Get<IMyStatus>(alice).ReportActivityAsync();

        _time.Advance(TimeSpan.FromMinutes(9));
        await SweepAsync();
        await using (var other = _app.OpenCircuit(alice))
        {
            await other.Get<IMyStatus>().ReportActivityAsync(); // input in the other tab at minute nine
        }

        _time.Advance(TimeSpan.FromMinutes(9));
        await SweepAsync();
        (await _circuits.Get<IPresenceQuery>(bob).GetFriendsAsync()).Single().Shown.Availability.ShouldBe(Availability.Online);

        _time.Advance(TimeSpan.FromMinutes(2));
        await SweepAsync();
        await Eventually.HoldsAsync(() => seenByBob.Any(s => s.UserId == alice.Id && s.Status.Availability == Availability.Away), "Bob sees Alice away");
        (await _circuits.Get<IPresenceQuery>(bob).GetFriendsAsync()).Single().Shown.Availability.ShouldBe(Availability.Away);
        await SweepAsync();
        seenByBob.Count(s => s.UserId == alice.Id && s.Status.Availability == Availability.Away).ShouldBe(1); // told once, not at every sweep

        _time.Advance(TimeSpan.FromMinutes(1));
        await _circuits.Get<IMyStatus>(alice).ReportActivityAsync();
        await Eventually.HoldsAsync(() => seenByBob.LastOrDefault()?.Status.Availability == Availability.Online, "Bob sees Alice back");
    }

    [Fact]
    public async Task A_custom_status_shows_to_friends_in_their_lists_until_it_expires_and_bad_input_is_refused()
    {
        var (alice, bob, carol) = (await _app.CreateUserAsync("Alice"), await _app.CreateUserAsync("Bob"), await _app.CreateUserAsync("Carol"));
        await _app.MakeFriendsAsync(alice, bob);
        var status = _circuits.Get<IMyStatus>(alice);
        var seenByBob = await WatchAsync(bob);

        (await status.SetCustomAsync("🍔", new string('x', 101), null)).Message.ShouldBe("A custom status can be at most 100 characters.");
        (await status.SetCustomAsync("🍔🍟", "Lunch", null)).Message.ShouldBe("Choose one emoji for your status.");
        (await status.SetCustomAsync("a", "Lunch", null)).Message.ShouldBe("Choose one emoji for your status.");
        (await status.SetCustomAsync("🍔", "Lunch", _time.GetUtcNow().AddMinutes(-1))).Message.ShouldBe("Choose a time in the future.");
        (await status.SetCustomAsync("🍔", "Lunch", _time.GetUtcNow().AddYears(2))).Message.ShouldBe("Choose a time within a year.");
        (await status.ChooseAsync((StatusChoice)42)).Succeeded.ShouldBeFalse();

        (await status.SetCustomAsync("🍔", "  Out for\nlunch\u202E ", _time.GetUtcNow().AddMinutes(30))).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(() => seenByBob.Any(s => s.Status.Custom?.Text == "Out for lunch"), "Bob hears the custom status");
        var friend = (await _circuits.Get<IPresenceQuery>(bob).GetFriendsAsync()).Single();
        friend.Shown.Custom!.Label.ShouldBe("🍔 Out for lunch");
        friend.Shown.Custom.Until!.Value.ShouldBe(_time.GetUtcNow().AddMinutes(30), TimeSpan.FromMilliseconds(1));
        friend.Shown.Availability.ShouldBe(Availability.Offline); // shown offline too, as the custom status is
        (await _circuits.Get<IRoomList>(bob).GetRoomsAsync()).Single(r => r.FriendId == alice.Id).FriendStatus!.Custom!.Label.ShouldBe("🍔 Out for lunch");
        (await _circuits.Get<IPresenceQuery>(carol).GetFriendsAsync()).ShouldBeEmpty();
        (await _circuits.Get<IRoomList>(carol).GetRoomsAsync()).ShouldAllBe(r => r.FriendStatus == null);

        _time.Advance(TimeSpan.FromMinutes(31));
        await SweepAsync();
        await Eventually.HoldsAsync(() => seenByBob.LastOrDefault()?.Status.Custom is null, "Bob sees it cleared");
        (await _circuits.Get<IPresenceQuery>(bob).GetFriendsAsync()).Single().Shown.Custom.ShouldBeNull();
    }

    [Fact]
    public async Task Coming_online_in_do_not_disturb_tells_friends_so_and_status_changes_are_rate_limited()
    {
        var (alice, bob) = (await _app.CreateUserAsync("Alice"), await _app.CreateUserAsync("Bob"));
        await _app.MakeFriendsAsync(alice, bob);
        (await _circuits.Get<IMyStatus>(alice).ChooseAsync(StatusChoice.DoNotDisturb)).Succeeded.ShouldBeTrue();
        var seenByBob = await WatchAsync(bob);

        Presence.CircuitOpened(alice.Id, "alice-tab", new UserCircuit());

        await Eventually.HoldsAsync(() => seenByBob.Any(s => s.UserId == alice.Id && s.Status.Availability == Availability.DoNotDisturb), "Bob sees Alice arrive in do not disturb");

        var outcomes = new List<Outcome>();
        for (var i = 0; i < 25; i++)
        {
            outcomes.Add(await _circuits.Get<IMyStatus>(alice).ChooseAsync(i % 2 == 0 ? StatusChoice.Away : StatusChoice.Automatic));
        }

        // 20 at once (one spent above), then one every three seconds.
        outcomes.Count(o => o.Succeeded).ShouldBeInRange(19, 20);
        outcomes.Last().Message.ShouldContain("changing your status");
    }

    private async Task<ConcurrentQueue<StatusChanged>> WatchAsync(LetsChat.Server.Identity.User user)
    {
        var seen = new ConcurrentQueue<StatusChanged>();
        await _circuits.Get<IUserFeed>(user).SubscribeAsync(events => Collect.Into(events.OfType<StatusChanged>(), seen));
        return seen;
    }
}

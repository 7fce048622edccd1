using System.Collections.Concurrent;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Presence;

/// <summary>Only friends learn a user's status: through the real host's presence service, broadcaster and bus.</summary>
public sealed class PresenceVisibilityTests : IAsyncLifetime
{
    private readonly LetsChatApp _app = new(new Dictionary<string, string?> { ["LetsChat:OfflineGracePeriod"] = "00:00:00.200" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_status_change_reaches_friends_and_never_a_stranger()
    {
        var alice = await _app.CreateUserAsync("Alice");
        var bob = await _app.CreateUserAsync("Bob");
        var carol = await _app.CreateUserAsync("Carol");
        await _app.MakeFriendsAsync(alice, bob);
        await using var bobCircuit = _app.OpenCircuit(bob);
        await using var carolCircuit = _app.OpenCircuit(carol);
        var seenByBob = new ConcurrentQueue<PresenceChanged>();
        var seenByCarol = new ConcurrentQueue<UserEvent>();
        await bobCircuit.Get<IUserFeed>().SubscribeAsync(events => Collect.Into(events.OfType<PresenceChanged>(), seenByBob));
        await carolCircuit.Get<IUserFeed>().SubscribeAsync(events => Collect.Into(events, seenByCarol));
        var presence = _app.Services.GetRequiredService<PresenceService>();

        presence.CircuitOpened(alice.Id, "alice-tab", new UserCircuit());
        await Eventually.HoldsAsync(() => seenByBob.Any(c => c.UserId == alice.Id && c.IsOnline), "Bob sees Alice online");
        presence.CircuitClosed(alice.Id, "alice-tab");
        await Eventually.HoldsAsync(() => seenByBob.Any(c => c.UserId == alice.Id && !c.IsOnline), "Bob sees Alice offline");

        seenByCarol.ShouldBeEmpty();
        (await carolCircuit.Get<IPresenceQuery>().GetFriendsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_friend_list_shows_each_friends_live_status_online_first()
    {
        var me = await _app.CreateUserAsync("Me");
        var zoe = await _app.CreateUserAsync("Zoe");
        var adam = await _app.CreateUserAsync("Adam");
        await _app.MakeFriendsAsync(me, zoe);
        await _app.MakeFriendsAsync(me, adam);
        _app.Services.GetRequiredService<PresenceService>().CircuitOpened(zoe.Id, "zoe-tab", new UserCircuit());
        await using var circuit = _app.OpenCircuit(me);

        var friends = await circuit.Get<IPresenceQuery>().GetFriendsAsync();

        friends.Select(f => (f.DisplayName, f.IsOnline)).ShouldBe([("Zoe", true), ("Adam", false)]);
    }

    [Fact]
    public async Task Going_offline_stores_last_seen_once_in_the_database()
    {
        var alice = await _app.CreateUserAsync("Alice");
        await using (var db = await _app.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == alice.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSeenAt, (DateTimeOffset?)null));
        }

        var presence = _app.Services.GetRequiredService<PresenceService>();
        presence.CircuitOpened(alice.Id, "tab", new UserCircuit());
        presence.CircuitClosed(alice.Id, "tab");
        await Eventually.HoldsAsync(() => !presence.IsOnline(alice.Id), "Alice is offline");

        await Eventually.HoldsAsync(async () =>
        {
            await using var db = await _app.CreateDbAsync();
            return (await db.Users.SingleAsync(u => u.Id == alice.Id)).LastSeenAt is not null;
        }, "last seen is stored");
        presence.TrackedUserCount.ShouldBe(0);
    }

    [Fact]
    public async Task A_circuit_closed_by_the_cap_can_no_longer_act_for_its_user()
    {
        var alice = await _app.CreateUserAsync("Alice");
        await using var oldTab = _app.OpenCircuit(alice);
        var presence = _app.Services.GetRequiredService<PresenceService>();
        presence.CircuitOpened(alice.Id, "old", oldTab.Get<UserCircuit>());
        for (var i = 0; i < 5; i++)
        {
            presence.CircuitOpened(alice.Id, $"new{i}", new UserCircuit());
        }

        var chat = oldTab.Get<LetsChat.Components.Chat.IChatService>();

        oldTab.Get<ICircuitStatus>().ClosedReason.ShouldBe(CircuitCloseReasons.OpenedElsewhere);
        (await chat.SendAsync(1, Guid.NewGuid(), "still here?")).Succeeded.ShouldBeFalse();
        (await oldTab.Get<IUserFeed>().SubscribeAsync(_ => Task.CompletedTask)).ShouldBeNull();
    }

}

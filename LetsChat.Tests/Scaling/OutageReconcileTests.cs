using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Profiles;
using LetsChat.Components.Rooms;
using LetsChat.Components.Presence;
using LetsChat.Server.Events;
using LetsChat.Server.Presence;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Scaling;

/// <summary>
/// What happens on one instance while Redis is away reaches the other's screens once it is back: a removal ends the
/// removed member's room before any later message, and edits, deletes and renames show where they were missed.
/// </summary>
public sealed class OutageReconcileTests(PostgresServer postgres) : IAsyncLifetime
{
    private TwoInstances _instances = default!;
    private CircuitPool _onA = default!;
    private CircuitPool _onB = default!;

    public async ValueTask InitializeAsync()
    {
        _instances = await TwoInstances.StartAsync(postgres);
        _onA = new CircuitPool(_instances.A);
        _onB = new CircuitPool(_instances.B);
    }

    public async ValueTask DisposeAsync()
    {
        await _onA.DisposeAsync();
        await _onB.DisposeAsync();
        await _instances.DisposeAsync();
    }

    [Fact]
    public async Task A_member_removed_on_one_instance_during_an_outage_gets_nothing_more_on_the_other()
    {
        var owner = await _instances.A.CreateUserAsync("Olivia");
        var bob = await _instances.A.CreateUserAsync("Bob");
        var roomId = await _instances.A.CreateGroupAsync(_onA, owner, bob);
        var seenByBob = await OpenAsync(bob, roomId);

        await _instances.Redis.StopAsync();
        (await _onA.Get<IRoomService>(owner).RemoveMemberAsync(roomId, bob.Id)).Succeeded.ShouldBeTrue();
        (await _onA.Get<IChatService>(owner).SendAsync(roomId, Guid.NewGuid(), "after Bob left")).Succeeded.ShouldBeTrue();
        await _instances.Redis.StartAgainAsync();

        await Eventually.HoldsAsync(() => seenByBob.OfType<MemberRemoved>().Any(r => r.UserId == bob.Id), "Bob, on B, learns he was removed", TimeSpan.FromSeconds(30));
        seenByBob.OfType<MessagePosted>().ShouldBeEmpty();
    }

    [Fact]
    public async Task Edits_deletes_and_renames_made_during_an_outage_reach_the_other_instances_screens()
    {
        var alice = await _instances.A.CreateUserAsync("Alice");
        var bob = await _instances.A.CreateUserAsync("Bob");
        var chat = _onA.Get<IChatService>(alice);
        var kept = (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "first draft")).Value!;
        var doomed = (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "regrettable")).Value!;
        var seenByBob = await OpenAsync(bob, Room.PublicRoomId);

        await _instances.Redis.StopAsync();
        (await chat.EditAsync(kept.Id, "final text")).Succeeded.ShouldBeTrue();
        (await chat.DeleteAsync(doomed.Id)).Succeeded.ShouldBeTrue();
        (await _onA.Get<IProfileService>(alice).UpdateAsync(new ProfileUpdate("Alice Liddell", alice.Handle, HideEmail: true))).Succeeded.ShouldBeTrue();
        await _instances.Redis.StartAgainAsync();

        await Eventually.HoldsAsync(
            () => seenByBob.OfType<MessageEdited>().Any(e => e.Message.Id == kept.Id && e.Message.Body == "final text")
                && seenByBob.OfType<MessageDeleted>().Any(d => d.Message.Id == doomed.Id)
                && seenByBob.OfType<AuthorChanged>().Any(a => a.UserId == alice.Id && a.DisplayName == "Alice Liddell"),
            "Bob, on B, sees the edit, the delete and the new name", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Sessions_ended_and_bans_made_during_an_outage_close_circuits_on_the_other_instance_once_it_is_back()
    {
        var signedOut = await _instances.A.CreateUserAsync("Sid");
        var banned = await _instances.A.CreateUserAsync("Ben");
        var presence = _instances.B.Services.GetRequiredService<PresenceService>();
        var sidTab = new UserCircuit { SessionId = _instances.B.StartSession(signedOut) };
        var benTab = new UserCircuit { SessionId = _instances.B.StartSession(banned) };
        presence.CircuitOpened(signedOut.Id, "sid-tab", sidTab);
        presence.CircuitOpened(banned.Id, "ben-tab", benTab);

        // As an instance that died before it could tell anyone would leave it: only the database knows.
        await _instances.Redis.StopAsync();
        await using (var db = await _instances.A.CreateDbAsync())
        {
            await db.Sessions.Where(s => s.UserId == signedOut.Id).ExecuteDeleteAsync();
            await db.Users.Where(u => u.Id == banned.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsBanned, true).SetProperty(x => x.BanReason, "spam"));
        }

        await _instances.Redis.StartAgainAsync();

        await Eventually.HoldsAsync(() => sidTab.ClosedReason is not null && benTab.ClosedReason is not null, "both tabs on B are closed", TimeSpan.FromSeconds(30));
        sidTab.ClosedReason.ShouldBe(CircuitCloseReasons.SignedOut);
        benTab.ClosedReason.ShouldBe(CircuitCloseReasons.BannedBecause("spam"));
        presence.CircuitCountOf(signedOut.Id).ShouldBe(0);
    }

    private async Task<ConcurrentQueue<RoomEvent>> OpenAsync(Server.Identity.User user, long roomId)
    {
        var seen = new ConcurrentQueue<RoomEvent>();
        (await _onB.Get<IChatService>(user).JoinRoomAsync(roomId, events => Collect.Into(events, seen))).Value.ShouldNotBeNull();
        await TwoInstances.ListeningAsync(_instances.B, EventTopics.Room(roomId));
        return seen;
    }
}

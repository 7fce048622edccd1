using System.Collections.Concurrent;
using LetsChat.Components.Admin;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Presence;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using LetsChat.Components.Shared;

namespace LetsChat.Tests.Admin;

/// <summary>Each moderation rule through the real host's services, every user in a scope set up as one circuit.</summary>
public sealed partial class AdminServiceTests() : HostTest(new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:Moderators:0"] = "mod@example.com" }))
{
    [Fact]
    public async Task A_non_moderator_is_refused_every_action_and_sees_nothing()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var eve = await App.CreateUserAsync("Eve");
        var bob = await App.CreateUserAsync("Bob");
        await using var modCircuit = App.OpenCircuit(mod);
        var message = await modCircuit.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "hello");
        // A cookie that still says "moderator" does not help: the database decides.
        await using var eveCircuit = App.OpenCircuit(LetsChatClaims.CreatePrincipal(new User
        {
            Id = eve.Id, DisplayName = eve.DisplayName, SearchName = eve.SearchName, Handle = eve.Handle, NormalizedHandle = eve.NormalizedHandle, IsModerator = true,
            WebAuthnUserId = eve.WebAuthnUserId,
        }, App.StartSession(eve)));
        var admin = eveCircuit.Get<IAdminService>();

        (await admin.IsModeratorAsync()).ShouldBeFalse();
        (await admin.GetOverviewAsync()).ShouldBeNull();
        (await admin.SearchUsersAsync(null, 0)).ShouldBeNull();
        (await admin.GetAuditLogAsync(10)).ShouldBeEmpty();
        (await admin.WatchAsync(_ => Task.CompletedTask)).ShouldBeNull();
        Outcome[] results =
        [
            await admin.BanAsync(bob.Id, "spam"),
            await admin.UnbanAsync(bob.Id),
            await admin.SetModeratorAsync(eve.Id, true),
            await admin.SetModeratorAsync(mod.Id, false),
            await admin.MuteAsync(bob.Id, TimeSpan.FromHours(1), null),
            await admin.UnmuteAsync(bob.Id),
            await admin.RemoveMessageAsync(message.Value!.Id, null),
        ];

        results.ShouldAllBe(r => !r.Succeeded && r.Message == AdminService.NotAModerator);
        await using var db = await App.CreateDbAsync();
        (await db.Users.SingleAsync(u => u.Id == bob.Id)).IsBanned.ShouldBeFalse();
        (await db.Users.SingleAsync(u => u.Id == eve.Id)).IsModerator.ShouldBeFalse();
        (await db.Messages.SingleAsync()).DeletedAt.ShouldBeNull();
        (await db.AuditEntries.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_last_moderator_cannot_be_demoted_but_one_of_two_can()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var carol = await App.CreateUserAsync("Carol");
        await using var circuit = App.OpenCircuit(mod);
        var admin = circuit.Get<IAdminService>();

        var alone = await admin.SetModeratorAsync(mod.Id, false);
        alone.Succeeded.ShouldBeFalse();
        alone.Message.ShouldBe(AdminService.LastModerator);

        (await admin.SetModeratorAsync(carol.Id, true)).Succeeded.ShouldBeTrue();
        (await admin.SetModeratorAsync(mod.Id, false)).Succeeded.ShouldBeTrue();

        // No longer a moderator: the next action is refused at once, whatever the open page shows.
        (await admin.SetModeratorAsync(carol.Id, false)).Message.ShouldBe(AdminService.NotAModerator);
        await using var carolCircuit = App.OpenCircuit(carol);
        (await carolCircuit.Get<IAdminService>().SetModeratorAsync(carol.Id, false)).Message.ShouldBe(AdminService.LastModerator);
    }

    [Fact]
    public async Task A_moderator_cannot_ban_themselves_nor_another_moderator_before_demoting_them()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var carol = await App.CreateUserAsync("Carol");
        await using var circuit = App.OpenCircuit(mod);
        var admin = circuit.Get<IAdminService>();
        await admin.SetModeratorAsync(carol.Id, true);

        (await admin.BanAsync(mod.Id, "oops")).Message.ShouldBe(AdminService.SelfBan);
        (await admin.BanAsync(carol.Id, null)).Message.ShouldContain("remove their moderator role first");

        await using var db = await App.CreateDbAsync();
        (await db.Users.CountAsync(u => u.IsBanned)).ShouldBe(0);
    }

    [Fact]
    public async Task A_ban_closes_every_circuit_of_the_user_at_once_refuses_sign_in_and_cancels_pending_requests()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var bob = await App.CreateUserAsync("Bob");
        var alice = await App.CreateUserAsync("Alice");
        var carol = await App.CreateUserAsync("Carol");
        var presence = App.Services.GetRequiredService<PresenceService>();
        await using var tab1 = App.OpenCircuit(bob);
        await using var tab2 = App.OpenCircuit(bob);
        presence.CircuitOpened(bob.Id, "tab-1", tab1.Get<UserCircuit>());
        presence.CircuitOpened(bob.Id, "tab-2", tab2.Get<UserCircuit>());
        (await tab1.Get<IFriendService>().SendRequestAsync(alice.Id)).Succeeded.ShouldBeTrue();
        await using (var carolCircuit = App.OpenCircuit(carol))
        {
            (await carolCircuit.Get<IFriendService>().SendRequestAsync(bob.Id)).Succeeded.ShouldBeTrue();
        }

        await using var modCircuit = App.OpenCircuit(mod);
        var result = await modCircuit.Get<IAdminService>().BanAsync(bob.Id, "  spamming links  ");

        result.Succeeded.ShouldBeTrue(result.Message);
        tab1.Get<UserCircuit>().ClosedReason.ShouldBe("This account has been banned by a moderator: spamming links");
        tab2.Get<UserCircuit>().ClosedReason.ShouldNotBeNull().ShouldContain("banned");
        presence.CircuitCountOf(bob.Id).ShouldBe(0);
        (await tab1.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "still here?")).Succeeded.ShouldBeFalse();

        var (user, refusal) = await App.Services.GetRequiredService<UserAccounts>()
            .SignInAsync(new ExternalIdentity("dev", "BOB", "Bob", null, false, null, "Bob"));
        user.ShouldBeNull();
        refusal.ShouldBe("This account is banned: spamming links");

        await using var db = await App.CreateDbAsync();
        (await db.FriendRequests.Where(r => r.SenderId == bob.Id || r.ReceiverId == bob.Id).Select(r => r.State).ToListAsync())
            .ShouldAllBe(s => s == FriendRequestState.Cancelled);
        var audit = await db.AuditEntries.SingleAsync();
        (audit.ModeratorId, audit.Action, audit.TargetUserId, audit.Reason).ShouldBe((mod.Id, AuditActions.Ban, (long?)bob.Id, "spamming links"));
    }

    [Fact]
    public async Task An_unbanned_user_can_sign_in_again()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var bob = await App.CreateUserAsync("Bob");
        await using var circuit = App.OpenCircuit(mod);
        var admin = circuit.Get<IAdminService>();
        await admin.BanAsync(bob.Id, null);

        (await admin.UnbanAsync(bob.Id)).Succeeded.ShouldBeTrue();

        (await App.CreateUserAsync("Bob")).Id.ShouldBe(bob.Id);
        (await admin.UnbanAsync(bob.Id)).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task A_muted_user_is_told_until_when_and_can_write_again_once_the_mute_ends()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var bob = await App.CreateUserAsync("Bob");
        await using var modCircuit = App.OpenCircuit(mod);
        await using var bobCircuit = App.OpenCircuit(bob);
        var chat = bobCircuit.Get<IChatService>();

        (await modCircuit.Get<IAdminService>().MuteAsync(bob.Id, TimeSpan.FromMinutes(10), "cool off")).Succeeded.ShouldBeTrue();

        var refused = await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "let me talk");
        refused.Succeeded.ShouldBeFalse();
        refused.Message.ShouldStartWith("A moderator muted you in the public room until");
        var join = await chat.JoinRoomAsync(null, _ => Task.CompletedTask);
        join.Value!.Room.CanWrite.ShouldBeFalse();
        join.Value.Room.MutedUntil.ShouldNotBeNull();
        join.Value.Dispose();

        // Ten minutes pass: the mute's end is now behind us.
        await using (var db = await App.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == bob.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.MutedUntil, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "back again")).Succeeded.ShouldBeTrue();
        (await modCircuit.Get<IAdminService>().UnmuteAsync(bob.Id)).Message.ShouldBe("Bob is not muted.");
    }

    [Fact]
    public async Task A_mute_must_last_between_a_moment_and_a_year_and_can_be_lifted()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var bob = await App.CreateUserAsync("Bob");
        await using var circuit = App.OpenCircuit(mod);
        var admin = circuit.Get<IAdminService>();

        (await admin.MuteAsync(bob.Id, TimeSpan.Zero, null)).Succeeded.ShouldBeFalse();
        (await admin.MuteAsync(bob.Id, TimeSpan.FromDays(400), null)).Succeeded.ShouldBeFalse();
        (await admin.MuteAsync(bob.Id, TimeSpan.FromDays(1), null)).Succeeded.ShouldBeTrue();
        (await admin.UnmuteAsync(bob.Id)).Succeeded.ShouldBeTrue();

        await using var bobCircuit = App.OpenCircuit(bob);
        (await bobCircuit.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "free")).Succeeded.ShouldBeTrue();
    }
}

using LetsChat.Components.Chat;
using LetsChat.Components.Moderation;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Moderation;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LetsChat.Tests.Moderation;

/// <summary>What reviewers do with an item: each closes its reports, withdraws its notifications and writes an audit row; owners act in their room only.</summary>
public sealed class ActionTests : ModerationTest
{
    [Fact]
    public async Task Removing_a_reported_message_closes_its_reports_withdraws_the_pings_and_is_audited_with_its_room()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        await App.CreateUserAsync("Mod Two", "mod2@example.com");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var spam = await SendAsync(bob, PublicRoom, "cheap watches");
        (await ReportAsync(alice, spam)).Succeeded.ShouldBeTrue();
        (await ReviewNotificationsAsync()).Count.ShouldBe(2);

        (await Moderation(mod).RemoveMessageAsync(spam.Id, "spam")).Succeeded.ShouldBeTrue();

        (await SiteQueueAsync(mod)).Count.ShouldBe(0);
        (await ReviewNotificationsAsync()).ShouldBeEmpty();
        await using var db = await DbAsync();
        (await db.Reports.SingleAsync()).State.ShouldBe(ReportState.Actioned);
        // The reporter is never told what came of it, nor who acted.
        (await db.Notifications.CountAsync(n => n.RecipientId == alice.Id)).ShouldBe(0);
        var audit = await db.AuditEntries.SingleAsync();
        (audit.ModeratorId, audit.Action, audit.TargetUserId, audit.TargetMessageId, audit.RoomId, audit.Reason)
            .ShouldBe((mod.Id, AuditActions.RemoveMessage, bob.Id, spam.Id, PublicRoom, "spam"));
    }

    [Fact]
    public async Task An_action_from_the_queue_tells_every_admin_page_so_its_audit_log_shows_it_at_once()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var spam = await SendAsync(bob, PublicRoom, "cheap watches");
        (await ReportAsync(alice, spam)).Succeeded.ShouldBeTrue();
        var changes = 0;
        using var adminPage = (await Circuits.For(mod, newTab: true).Get<Components.Admin.IAdminService>().WatchAsync(_ =>
        {
            Interlocked.Increment(ref changes);
            return Task.CompletedTask;
        })).ShouldNotBeNull();

        (await Moderation(mod).RemoveMessageAsync(spam.Id, null)).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(() => Volatile.Read(ref changes) > 0, "the admin page hears of the removal");
    }

    [Fact]
    public async Task Muting_the_author_from_the_queue_mutes_them_where_they_wrote_and_a_timed_ban_ends_by_itself()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var owner = await App.CreateUserAsync("Olga");
        var room = await App.CreateGroupAsync(Circuits, owner, alice, bob);
        var publicSpam = await SendAsync(bob, PublicRoom, "buy now");
        var groupSpam = await SendAsync(bob, room, "buy now, group");
        (await ReportAsync(alice, publicSpam)).Succeeded.ShouldBeTrue();
        (await ReportAsync(alice, groupSpam)).Succeeded.ShouldBeTrue();

        (await Moderation(mod).MuteAuthorAsync(publicSpam.Id, TimeSpan.FromHours(1), "spam")).Message.ShouldBe("Bob is muted in the public room for 1 hour.");
        (await Moderation(owner).MuteAuthorAsync(groupSpam.Id, TimeSpan.FromDays(1), null)).Message.ShouldBe("Bob is muted in Study group for 1 day.");

        var chat = Circuits.Get<IChatService>(bob);
        (await chat.SendAsync(PublicRoom, Guid.NewGuid(), "let me")).Message.ShouldStartWith("A moderator muted you in the public room");
        (await chat.SendAsync(room, Guid.NewGuid(), "let me")).Message.ShouldStartWith("You are muted in this room until");
        (await SiteQueueAsync(mod)).Messages.ShouldBeEmpty();

        (await Moderation(mod).BanAsync(bob.Id, TimeSpan.FromDays(1), "repeat spam")).Message.ShouldBe("Bob is banned for 1 day.");
        await using (var db = await DbAsync())
        {
            var banned = await db.Users.SingleAsync(u => u.Id == bob.Id);
            banned.IsBanned.ShouldBeTrue();
            banned.BannedUntil.ShouldNotBeNull().ShouldBe(Time.GetUtcNow().AddDays(1), TimeSpan.FromMilliseconds(1));
            (await db.AuditEntries.OrderBy(a => a.Id).Select(a => new { a.Action, a.RoomId, a.Reason }).ToListAsync())
                .Select(a => (a.Action, a.RoomId, a.Reason))
                .ShouldBe([(AuditActions.Mute, PublicRoom, "1 hour: spam"), (AuditActions.MuteInRoom, room, "1 day"), (AuditActions.Ban, null, "1 day: repeat spam")]);
        }

        var expiry = App.Services.GetServices<IHostedService>().OfType<BanExpiry>().Single();
        Time.Advance(TimeSpan.FromHours(23));
        (await expiry.SweepAsync(CancellationToken.None)).ShouldBe(0);
        await using (var db = await DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == bob.Id)).IsBanned.ShouldBeTrue();
        }

        Time.Advance(TimeSpan.FromHours(1));
        // The sweep's own timer may get there first: either way the ban is lifted once its day is up.
        await Eventually.HoldsAsync(async () =>
        {
            await expiry.SweepAsync(CancellationToken.None);
            await using var db = await DbAsync();
            return !(await db.Users.SingleAsync(u => u.Id == bob.Id)).IsBanned;
        }, "Bob's ban ends after a day");
    }

    [Fact]
    public async Task An_owner_moderates_their_own_room_and_nothing_else()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var owner = await App.CreateUserAsync("Olga");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var mine = await App.CreateGroupAsync(Circuits, owner, alice, bob);
        await App.MakeFriendsAsync(alice, bob);
        var alicesRooms = Circuits.Get<Components.Rooms.IRoomService>(alice);
        var theirs = (await alicesRooms.CreateAsync("Alice's room", null)).Value!.Value;
        (await alicesRooms.AddMemberAsync(theirs, owner.Id)).Succeeded.ShouldBeTrue();
        (await alicesRooms.AddMemberAsync(theirs, bob.Id)).Succeeded.ShouldBeTrue();
        var inMine = await SendAsync(bob, mine, "in Olga's room");
        var inTheirs = await SendAsync(bob, theirs, "in Alice's room");
        var inPublic = await SendAsync(bob, PublicRoom, "in the public room");
        var olga = Moderation(owner);

        (await Circuits.Get<IChatService>(owner).JoinRoomAsync(mine, _ => Task.CompletedTask)).Value!.Room.CanModerate.ShouldBeTrue();
        (await Circuits.Get<IChatService>(owner).JoinRoomAsync(theirs, _ => Task.CompletedTask)).Value!.Room.CanModerate.ShouldBeFalse();
        (await olga.RemoveMessageAsync(inMine.Id, null)).Succeeded.ShouldBeTrue();
        (await olga.RemoveMessageAsync(inTheirs.Id, null)).Message.ShouldBe(ChatService.NoSuchMessage);
        (await olga.RemoveMessageAsync(inPublic.Id, null)).Message.ShouldBe(ChatService.NoSuchMessage);
        (await olga.MuteMemberAsync(mine, bob.Id, TimeSpan.FromHours(1), null)).Succeeded.ShouldBeTrue();
        (await olga.MuteMemberAsync(theirs, bob.Id, TimeSpan.FromHours(1), null)).Message.ShouldBe(ModerationService.NotAllowed);
        (await olga.MuteMemberAsync(PublicRoom, bob.Id, TimeSpan.FromHours(1), null)).Message.ShouldBe(ModerationService.NotAllowed);
        (await Moderation(alice).MuteMemberAsync(theirs, alice.Id, TimeSpan.FromHours(1), null)).Message.ShouldBe("You cannot mute yourself.");
        (await olga.BanAsync(bob.Id, null, null)).Message.ShouldBe(ModerationService.ModeratorsOnly);
        (await olga.SetSlowModeAsync(mine, 30)).Succeeded.ShouldBeTrue();
        (await olga.SetSlowModeAsync(theirs, 30)).Message.ShouldBe(ModerationService.NotAllowed);
        (await olga.SetSlowModeAsync(PublicRoom, 30)).Message.ShouldBe(ModerationService.NotAllowed);
        (await olga.GetRoomSettingsAsync(mine)).ShouldBe(new RoomModerationSettings(mine, Components.Rooms.RoomKind.Group, 30, false, true));
        (await olga.GetRoomSettingsAsync(theirs)).ShouldBeNull();
        (await olga.GetAsync(QueueScope.Site)).ShouldBeNull();
        (await olga.GetAsync(QueueScope.Room(theirs))).ShouldBeNull();
        (await olga.AddBlockedWordAsync("rude", BlockedWordAction.Refuse)).Message.ShouldBe(ModerationService.ModeratorsOnly);
        // A moderator has no power in a group room until its owner lets moderators in.
        (await Moderation(mod).RemoveMessageAsync(inTheirs.Id, null)).Message.ShouldBe(ModerationService.NotAllowed);
        (await Moderation(mod).GetRoomSettingsAsync(mine)).ShouldBeNull();

        await using var db = await DbAsync();
        (await db.Messages.Where(m => m.DeletedAt != null).Select(m => m.Id).ToListAsync()).ShouldBe([inMine.Id]);
        (await db.AuditEntries.Where(a => a.ModeratorId == owner.Id).Select(a => a.Action).ToListAsync())
            .ShouldBe([AuditActions.RemoveMessage, AuditActions.MuteInRoom, AuditActions.SlowMode]);
    }
}

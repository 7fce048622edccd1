using System.Collections.Concurrent;
using LetsChat.Components.Moderation;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Moderation;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Moderation;

/// <summary>Who may report what, once; who hears of it; and what each reviewer may see of it.</summary>
public sealed class ReportTests : ModerationTest
{
    [Fact]
    public async Task A_reported_public_message_reaches_every_moderator_with_the_messages_around_it()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var mod2 = await App.CreateUserAsync("Mod Two", "mod2@example.com");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var carol = await App.CreateUserAsync("Carol");
        var sent = new List<Components.Chat.ChatMessage>();
        for (var i = 1; i <= 9; i++)
        {
            sent.Add(await SendAsync(i % 2 == 0 ? alice : bob, PublicRoom, $"message {i}"));
        }

        var reported = sent[4];
        (await ReportAsync(alice, reported, ReportReason.Spam)).Message.ShouldBe(Reports.Sent);
        (await ReportAsync(carol, reported, ReportReason.Harassment, "again and again")).Succeeded.ShouldBeTrue();

        var item = (await SiteQueueAsync(mod)).Messages.ShouldHaveSingleItem();
        item.MessageId.ShouldBe(reported.Id);
        item.AuthorName.ShouldBe("Bob");
        item.RoomName.ShouldBe("Public room");
        item.Sequence.ShouldBe(reported.Sequence);
        item.Context.Select(c => c.Text).ShouldBe(["message 2", "message 3", "message 4", "message 5", "message 6", "message 7", "message 8"]);
        item.Context.Single(c => c.IsReported).MessageId.ShouldBe(reported.Id);
        item.Reports.Select(r => (r.ReporterName, r.Reason)).ShouldBe([("Carol", ReportReason.Harassment), ("Alice", ReportReason.Spam)]);
        item.Reports[0].Details.ShouldBe("again and again");
        item.AttachedText.ShouldBeNull();
        item.Actions.ShouldBe(new QueueActions(CanRemove: true, CanMute: true, CanBan: true));
        // One notification per moderator for the message, brought up to date by the second report; none for anyone else.
        var pings = await ReviewNotificationsAsync();
        pings.Select(p => p.RecipientId).Order().ShouldBe(new[] { mod.Id, mod2.Id }.Order());
        pings.ShouldAllBe(p => p.Kind == NotificationKind.Report && p.SubjectKey == ReviewNews.MessageKey(reported.Id));
        (await Moderation(mod).OpenCountAsync()).ShouldBe(1);
        (await Moderation(alice).OpenCountAsync()).ShouldBeNull();
        (await Moderation(alice).GetAsync(QueueScope.Site)).ShouldBeNull();
    }

    [Fact]
    public async Task One_open_report_per_reporter_and_message_and_never_of_ones_own_or_an_unreadable_message()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var carol = await App.CreateUserAsync("Carol");
        var publicMessage = await SendAsync(bob, PublicRoom, "hello");
        var own = await SendAsync(alice, PublicRoom, "mine");
        var privateMessage = await SendAsync(bob, await PrivateRoomAsync(bob, carol), "between us");

        (await ReportAsync(alice, publicMessage)).Succeeded.ShouldBeTrue();
        (await ReportAsync(alice, publicMessage, ReportReason.Harassment)).Message.ShouldBe(Reports.AlreadyReported);
        (await ReportAsync(alice, own)).Message.ShouldBe(Reports.OwnMessage);
        (await ReportAsync(alice, privateMessage)).Message.ShouldBe(ChatService.NoSuchMessage);
        (await ReportAsync(carol, publicMessage, ReportReason.Other)).Message.ShouldBe(Reports.DetailsNeeded);
        (await Circuits.Get<IReports>(alice).ReportUserAsync(alice.Id, ReportReason.Spam, null)).Message.ShouldBe(Reports.Yourself);
        (await Circuits.Get<IReports>(alice).ReportUserAsync(bob.Id, ReportReason.Spam, null)).Succeeded.ShouldBeTrue();
        (await Circuits.Get<IReports>(alice).ReportUserAsync(bob.Id, ReportReason.Other, "still")).Message.ShouldBe(Reports.AlreadyReported);

        // Once dealt with, the same person may report the same message again.
        (await Moderation(mod).DismissMessageAsync(publicMessage.Id, "fine")).Succeeded.ShouldBeTrue();
        (await ReportAsync(alice, publicMessage)).Succeeded.ShouldBeTrue();
        await using var db = await DbAsync();
        (await db.Reports.CountAsync(r => r.MessageId == publicMessage.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task Reports_are_rate_limited_and_the_refusal_says_when_to_go_on()
    {
        await App.CreateUserAsync("Mod", "mod@example.com");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var outcomes = new List<Components.Shared.Outcome>();
        for (var i = 0; i < 7; i++)
        {
            outcomes.Add(await ReportAsync(alice, await SendAsync(bob, PublicRoom, $"spam {i}")));
        }

        outcomes.Take(6).ShouldAllBe(o => o.Succeeded);
        outcomes[6].Message.ShouldStartWith("You are reporting too fast.");
    }

    [Fact]
    public async Task A_private_message_reaches_moderators_only_as_far_as_the_reporter_attached_it()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var room = await PrivateRoomAsync(alice, bob);
        await SendAsync(bob, room, "before");
        var kept = await SendAsync(bob, room, "not for moderators");
        var shared = await SendAsync(bob, room, "you will regret this");

        (await ReportAsync(alice, kept, ReportReason.Harassment)).Succeeded.ShouldBeTrue();
        (await ReportAsync(alice, shared, ReportReason.Harassment, attach: true)).Succeeded.ShouldBeTrue();

        var queue = await SiteQueueAsync(mod);
        var notAttached = queue.Messages.Single(m => m.MessageId == kept.Id);
        notAttached.Context.ShouldBeEmpty();
        notAttached.AttachedText.ShouldBeNull();
        notAttached.Sequence.ShouldBeNull();
        notAttached.RoomName.ShouldBe("Private chat");
        notAttached.Actions.ShouldBe(new QueueActions(CanRemove: false, CanMute: false, CanBan: true));
        var attached = queue.Messages.Single(m => m.MessageId == shared.Id);
        attached.Context.ShouldBeEmpty();
        attached.AttachedText.ShouldBe("you will regret this");
        attached.Actions.CanRemove.ShouldBeTrue();

        (await Moderation(mod).RemoveMessageAsync(kept.Id, null)).Message.ShouldBe(ChatService.NoSuchMessage);
        (await Moderation(mod).RemoveMessageAsync(shared.Id, "threat")).Succeeded.ShouldBeTrue();
        await using var db = await DbAsync();
        (await db.Messages.SingleAsync(m => m.Id == shared.Id)).DeletedAt.ShouldNotBeNull();
        (await db.Messages.SingleAsync(m => m.Id == kept.Id)).DeletedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_group_room_shows_its_owner_the_context_and_moderators_only_once_the_owner_lets_them_in()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var owner = await App.CreateUserAsync("Olga");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var room = await App.CreateGroupAsync(Circuits, owner, alice, bob);
        await SendAsync(alice, room, "hi all");
        var rude = await SendAsync(bob, room, "you are all idiots");

        (await ReportAsync(alice, rude, ReportReason.Harassment)).Succeeded.ShouldBeTrue();

        var ownersView = (await Moderation(owner).GetAsync(QueueScope.Room(room))).ShouldNotBeNull().Messages.ShouldHaveSingleItem();
        ownersView.Context.Select(c => c.Text).ShouldBe(["hi all", "you are all idiots"]);
        ownersView.Actions.ShouldBe(new QueueActions(CanRemove: true, CanMute: true, CanBan: false));
        var closed = (await SiteQueueAsync(mod)).Messages.ShouldHaveSingleItem();
        closed.Context.ShouldBeEmpty();
        closed.AttachedText.ShouldBeNull();
        closed.Actions.ShouldBe(new QueueActions(CanRemove: false, CanMute: false, CanBan: true));
        (await ReviewNotificationsAsync()).ShouldContain((owner.Id, NotificationKind.RoomReport, ReviewNews.MessageKey(rude.Id)));
        (await Moderation(mod).GetAsync(QueueScope.Room(room))).ShouldBeNull();
        (await Moderation(alice).GetAsync(QueueScope.Room(room))).ShouldBeNull();

        (await Moderation(alice).SetModeratorsAllowedAsync(room, true)).Message.ShouldBe(RoomRefusals.OwnerOnly);
        (await Moderation(owner).SetModeratorsAllowedAsync(room, true)).Succeeded.ShouldBeTrue();

        var open = (await SiteQueueAsync(mod)).Messages.ShouldHaveSingleItem();
        open.Context.Select(c => c.Text).ShouldBe(["hi all", "you are all idiots"]);
        open.Actions.ShouldBe(new QueueActions(CanRemove: true, CanMute: true, CanBan: true));
        (await Moderation(mod).GetAsync(QueueScope.Room(room))).ShouldNotBeNull();
    }

    [Fact]
    public async Task Every_open_queue_hears_of_a_new_report_and_a_rooms_queue_only_of_its_own_room()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var owner = await App.CreateUserAsync("Olga");
        var alice = await App.CreateUserAsync("Alice");
        var room = await App.CreateGroupAsync(Circuits, owner, alice);
        var siteChanges = new ConcurrentQueue<int>();
        var roomChanges = new ConcurrentQueue<int>();
        (await Moderation(mod).WatchAsync(QueueScope.Site, () => { siteChanges.Enqueue(1); return Task.CompletedTask; })).ShouldNotBeNull();
        (await Moderation(owner).WatchAsync(QueueScope.Room(room), () => { roomChanges.Enqueue(1); return Task.CompletedTask; })).ShouldNotBeNull();
        (await Moderation(alice).WatchAsync(QueueScope.Site, () => Task.CompletedTask)).ShouldBeNull();

        (await ReportAsync(alice, await SendAsync(owner, PublicRoom, "public words"))).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => siteChanges.Count == 1, "the moderator's queue hears of the public report");
        (await ReportAsync(owner, await SendAsync(alice, room, "group words"))).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(() => siteChanges.Count == 2 && roomChanges.Count == 1, "both queues hear of the group report");
        roomChanges.Count.ShouldBe(1, "the public report is not the room's");
    }
}

using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Moderation;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Moderation;

/// <summary>Slow mode and blocked words, enforced on the server whatever the screen does.</summary>
public sealed class SlowModeAndWordsTests : ModerationTest
{
    [Fact]
    public async Task Slow_mode_lets_a_person_one_message_per_interval_and_every_open_room_hears_of_it()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var bob = await App.CreateUserAsync("Bob");
        var bobsChat = Circuits.Get<IChatService>(bob);
        var changes = new ConcurrentQueue<RoomModerationChanged>();
        await bobsChat.JoinRoomAsync(PublicRoom, events => Collect.Into(events.OfType<RoomModerationChanged>(), changes));

        (await Moderation(bob).SetSlowModeAsync(PublicRoom, 30)).Message.ShouldBe(ModerationService.NotAllowed);
        (await Moderation(mod).SetSlowModeAsync(PublicRoom, 30)).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => changes.Any(c => c.SlowModeSeconds == 30), "Bob's open room hears of slow mode");
        (await Circuits.For(bob, newTab: true).Get<IChatService>().JoinRoomAsync(PublicRoom, _ => Task.CompletedTask)).Value!.Room.SlowModeSeconds.ShouldBe(30);

        (await bobsChat.SendAsync(PublicRoom, Guid.NewGuid(), "one")).Succeeded.ShouldBeTrue();
        (await bobsChat.SendAsync(PublicRoom, Guid.NewGuid(), "two")).Message.ShouldBe("Slow mode is on in this room: you can send another message in 30 seconds.");
        Time.Advance(TimeSpan.FromSeconds(20));
        (await bobsChat.SendAsync(PublicRoom, Guid.NewGuid(), "two")).Message.ShouldBe("Slow mode is on in this room: you can send another message in 10 seconds.");
        // Moderators keep the room and are not slowed.
        (await SendAsync(mod, PublicRoom, "first")).ShouldNotBeNull();
        (await SendAsync(mod, PublicRoom, "second")).ShouldNotBeNull();
        Time.Advance(TimeSpan.FromSeconds(10));
        (await bobsChat.SendAsync(PublicRoom, Guid.NewGuid(), "two")).Succeeded.ShouldBeTrue();

        (await Moderation(mod).SetSlowModeAsync(PublicRoom, 0)).Succeeded.ShouldBeTrue();
        (await bobsChat.SendAsync(PublicRoom, Guid.NewGuid(), "three")).Succeeded.ShouldBeTrue();
        (await Moderation(mod).SetSlowModeAsync(PublicRoom, SlowMode.Longest + 1)).Succeeded.ShouldBeFalse();
        await using var db = await DbAsync();
        (await db.AuditEntries.Select(a => new { a.Action, a.Reason }).ToListAsync()).Select(a => (a.Action, a.Reason))
            .ShouldBe([(AuditActions.SlowMode, "30 seconds"), (AuditActions.SlowMode, "Off")]);
    }

    [Fact]
    public async Task A_refused_word_keeps_the_message_out_whole_words_only_and_not_in_private_chats()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var bob = await App.CreateUserAsync("Bob");
        var alice = await App.CreateUserAsync("Alice");
        (await Moderation(bob).AddBlockedWordAsync("darn", BlockedWordAction.Refuse)).Message.ShouldBe(ModerationService.ModeratorsOnly);
        (await Moderation(mod).AddBlockedWordAsync("darn", BlockedWordAction.Refuse)).Succeeded.ShouldBeTrue();
        (await Moderation(mod).AddBlockedWordAsync("  DARN ", BlockedWordAction.Hold)).Succeeded.ShouldBeFalse();
        (await Moderation(mod).AddBlockedWordAsync("free money", BlockedWordAction.Refuse)).Succeeded.ShouldBeTrue();
        var chat = Circuits.Get<IChatService>(bob);

        (await chat.SendAsync(PublicRoom, Guid.NewGuid(), "Oh DARN it!")).Message.ShouldBe(ChatService.BlockedWord("darn"));
        (await chat.SendAsync(PublicRoom, Guid.NewGuid(), "get FREE   money now")).Message.ShouldBe(ChatService.BlockedWord("free money"));
        (await chat.SendAsync(PublicRoom, Guid.NewGuid(), "darned socks, freely")).Succeeded.ShouldBeTrue();
        var kept = await SendAsync(bob, PublicRoom, "fine words");
        (await chat.EditAsync(kept.Id, "darn words")).Message.ShouldBe(ChatService.BlockedWord("darn"));
        (await chat.SendAsync(await PrivateRoomAsync(bob, alice), Guid.NewGuid(), "darn, between friends")).Succeeded.ShouldBeTrue();

        var word = (await Moderation(mod).GetBlockedWordsAsync()).Single(w => w.Word == "darn");
        (await Moderation(bob).GetBlockedWordsAsync()).ShouldBeEmpty();
        (await Moderation(mod).RemoveBlockedWordAsync(word.Id)).Succeeded.ShouldBeTrue();
        (await chat.SendAsync(PublicRoom, Guid.NewGuid(), "darn")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_held_message_waits_unseen_until_a_reviewer_approves_it_and_then_posts_as_its_author_wrote_it()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var bob = await App.CreateUserAsync("Bob");
        var alice = await App.CreateUserAsync("Alice");
        (await Moderation(mod).AddBlockedWordAsync("crypto*", BlockedWordAction.Hold)).Succeeded.ShouldBeTrue();
        var seen = new ConcurrentQueue<MessagePosted>();
        await Circuits.Get<IChatService>(alice).JoinRoomAsync(PublicRoom, events => Collect.Into(events.OfType<MessagePosted>(), seen));
        var chat = Circuits.Get<IChatService>(bob);

        var first = await chat.SendAsync(PublicRoom, Guid.NewGuid(), "best cryptocoins here");
        var second = await chat.SendAsync(PublicRoom, Guid.NewGuid(), "crypto is fine, @alice");

        first.Succeeded.ShouldBeTrue();
        first.Value.ShouldBeNull();
        first.Message.ShouldBe(HeldForReview.Notice);
        var held = (await SiteQueueAsync(mod)).Held;
        held.Select(h => (h.AuthorName, h.Text, h.MatchedWord, h.RoomName)).ShouldBe(
            [("Bob", "crypto is fine, @alice", "crypto*", "Public room"), ("Bob", "best cryptocoins here", "crypto*", "Public room")]);
        (await ReviewNotificationsAsync()).ShouldAllBe(n => n.RecipientId == mod.Id);
        await using (var db = await DbAsync())
        {
            (await db.Messages.CountAsync()).ShouldBe(0);
        }

        (await Moderation(alice).ApproveHeldAsync(held[0].Id)).Message.ShouldBe(ModerationService.NotAllowed);
        (await Moderation(mod).ApproveHeldAsync(held[0].Id)).Succeeded.ShouldBeTrue();
        (await Moderation(mod).RejectHeldAsync(held[1].Id, "spam")).Succeeded.ShouldBeTrue();
        (await Moderation(mod).ApproveHeldAsync(held[1].Id)).Message.ShouldBe("This message was already reviewed.");

        await Eventually.HoldsAsync(() => seen.Count == 1, "the approved message reaches the room");
        var posted = seen.Single().Message;
        posted.AuthorId.ShouldBe(bob.Id);
        posted.MentionList.ShouldHaveSingleItem().UserId.ShouldBe(alice.Id);
        (await SiteQueueAsync(mod)).Held.ShouldBeEmpty();
        (await ReviewNotificationsAsync()).ShouldBeEmpty();
        await using (var db = await DbAsync())
        {
            (await db.AuditEntries.Select(a => a.Action).ToListAsync()).ShouldBe([AuditActions.BlockWord, AuditActions.ApproveHeld, AuditActions.RejectHeld]);
        }
    }

    [Fact]
    public async Task In_a_group_room_closed_to_moderators_its_owner_reviews_what_is_held_and_their_own_words_are_refused()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var owner = await App.CreateUserAsync("Olga");
        var bob = await App.CreateUserAsync("Bob");
        var room = await App.CreateGroupAsync(Circuits, owner, bob);
        (await Moderation(mod).AddBlockedWordAsync("lottery", BlockedWordAction.Hold)).Succeeded.ShouldBeTrue();

        (await Circuits.Get<IChatService>(bob).SendAsync(room, Guid.NewGuid(), "win the lottery")).Message.ShouldBe(HeldForReview.Notice);
        (await Circuits.Get<IChatService>(owner).SendAsync(room, Guid.NewGuid(), "no lottery talk")).Message.ShouldBe(ChatService.BlockedWord("lottery"));

        (await SiteQueueAsync(mod)).Held.ShouldBeEmpty();
        var waiting = (await Moderation(owner).GetAsync(QueueScope.Room(room))).ShouldNotBeNull().Held.ShouldHaveSingleItem();
        (await ReviewNotificationsAsync()).ShouldBe([(owner.Id, Components.Notifications.NotificationKind.RoomReport, ReviewNews.HeldKey(waiting.Id))]);
        (await Moderation(mod).ApproveHeldAsync(waiting.Id)).Message.ShouldBe(ModerationService.NotAllowed);
        (await Moderation(owner).ApproveHeldAsync(waiting.Id)).Succeeded.ShouldBeTrue();
        await using var db = await DbAsync();
        (await db.Messages.SingleAsync()).Body.ShouldBe("win the lottery");
    }
}

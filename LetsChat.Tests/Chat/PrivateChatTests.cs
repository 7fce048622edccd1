using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Notifications;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat;

/// <summary>Private rooms through the real host's services: membership on every path, paging, edits, reads, typing.</summary>
public sealed class PrivateChatTests : HostTest
{

    private User _alice = default!;
    private User _bob = default!;
    private User _eve = default!;
    private long _roomId;

    public override async ValueTask InitializeAsync()
    {
        _alice = await App.CreateUserAsync("Alice");
        _bob = await App.CreateUserAsync("Bob");
        _eve = await App.CreateUserAsync("Eve");
        await Circuit(_alice).Get<IFriendService>().SendRequestAsync(_bob.Id);
        await Circuit(_bob).Get<IFriendService>().SendRequestAsync(_alice.Id);
        _roomId = (await Circuit(_alice).Get<IPresenceQuery>().GetFriendsAsync()).Single().PrivateRoomId;
    }

    [Fact]
    public async Task Two_friends_exchange_messages_live_and_a_third_user_gets_nothing_of_the_room()
    {
        var seenByBob = new ConcurrentQueue<ChatMessage>();
        var seenByEve = new ConcurrentQueue<object>();
        await Chat(_bob).JoinRoomAsync(_roomId, events => Collect.Into(events.OfType<MessagePosted>().Select(p => p.Message), seenByBob));
        await Chat(_eve).JoinRoomAsync(null, events => Collect.Into(events, seenByEve)); // Eve is in the public room
        await Circuit(_eve).Get<IUserFeed>().SubscribeAsync(events => Collect.Into(events, seenByEve));

        (await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "just between us")).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(() => seenByBob.Count == 1, "Bob receives Alice's private message");
        seenByBob.Single().Body.ShouldBe("just between us");
        (await Chat(_eve).JoinRoomAsync(_roomId, _ => Task.CompletedTask)).Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
        (await Chat(_eve).LoadOlderAsync(_roomId, long.MaxValue)).Messages.ShouldBeEmpty();
        (await RoomList(_eve).GetRoomsAsync()).Select(r => r.Kind).ShouldBe([RoomKind.Public]);
        seenByEve.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_path_refuses_forged_room_and_message_ids_and_changes_nothing()
    {
        var sent = await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "original");
        var messageId = sent.Value!.Id;
        var eve = Chat(_eve);

        (await eve.SendAsync(_roomId, Guid.NewGuid(), "hi")).Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
        (await eve.EditAsync(messageId, "changed")).Message.ShouldBe(ChatService.NoSuchMessage);
        (await eve.DeleteAsync(messageId)).Message.ShouldBe(ChatService.NoSuchMessage);
        (await eve.EditAsync(-1, "x")).Message.ShouldBe(ChatService.NoSuchMessage);
        (await eve.DeleteAsync(long.MaxValue)).Message.ShouldBe(ChatService.NoSuchMessage);
        await eve.MarkReadAsync(_roomId, 1);
        await eve.TypingAsync(_roomId);
        (await Chat(_bob).EditAsync(messageId, "Bob's words")).Message.ShouldBe("You can only change your own messages.");
        (await Chat(_bob).DeleteAsync(messageId)).Message.ShouldBe("You can only change your own messages.");

        await using var db = await App.CreateDbAsync();
        var stored = await db.Messages.SingleAsync();
        stored.Body.ShouldBe("original");
        stored.DeletedAt.ShouldBeNull();
        (await db.RoomMembers.AnyAsync(m => m.UserId == _eve.Id && m.RoomId == _roomId)).ShouldBeFalse();
    }

    [Fact]
    public async Task Older_messages_come_in_pages_of_fifty_until_the_first()
    {
        for (var i = 1; i <= 120; i++)
        {
            await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), $"m{i}");
        }

        var join = await Chat(_bob).JoinRoomAsync(_roomId, _ => Task.CompletedTask);
        var first = await Chat(_bob).LoadOlderAsync(_roomId, join.Value!.Latest[0].Sequence);
        var second = await Chat(_bob).LoadOlderAsync(_roomId, first.Messages[0].Sequence);

        join.Value.Latest.Select(m => m.Body).ShouldBe(Enumerable.Range(71, 50).Select(i => $"m{i}"));
        join.Value.HasOlder.ShouldBeTrue();
        first.Messages.Select(m => m.Sequence).ShouldBe(Enumerable.Range(21, 50).Select(i => (long)i));
        first.HasMore.ShouldBeTrue();
        second.Messages.Select(m => m.Sequence).ShouldBe(Enumerable.Range(1, 20).Select(i => (long)i));
        second.HasMore.ShouldBeFalse();
    }

    [Fact]
    public async Task Edits_and_deletes_of_your_own_messages_reach_the_other_member_live()
    {
        var events = new ConcurrentQueue<RoomEvent>();
        await Chat(_bob).JoinRoomAsync(_roomId, batch => Collect.Into(batch, events));
        var message = (await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "tpyo")).Value!;

        var edited = await Chat(_alice).EditAsync(message.Id, "typo fixed");
        var deleted = await Chat(_alice).DeleteAsync(message.Id);

        edited.Value!.Body.ShouldBe("typo fixed");
        edited.Value!.EditedAt.ShouldNotBeNull();
        deleted.Value!.IsDeleted.ShouldBeTrue();
        deleted.Value!.Body.ShouldBeEmpty();
        deleted.Value!.DeletedByModerator.ShouldBeFalse();
        await Eventually.HoldsAsync(() => events.Count == 3, "Bob sees the message, the edit and the delete");
        events.Select(e => e.GetType().Name).ShouldBe(["MessagePosted", "MessageEdited", "MessageDeleted"]);
        (await Chat(_alice).EditAsync(message.Id, "again")).Message.ShouldBe("This message was deleted.");
        (await Chat(_alice).EditAsync(message.Id, "   ")).Message.ShouldBe("Write something before sending.");
        var reopened = await Chat(_bob).JoinRoomAsync(_roomId, _ => Task.CompletedTask);
        reopened.Value!.Latest.Single().IsDeleted.ShouldBeTrue();
    }

    [Fact]
    public async Task Unread_counts_follow_messages_and_reads_and_agree_across_tabs()
    {
        var bobsOtherTab = new ConcurrentQueue<RoomRead>();
        await Circuit(_bob, newTab: true).Get<IUserFeed>().SubscribeAsync(events => Collect.Into(events.OfType<RoomRead>(), bobsOtherTab));
        for (var i = 0; i < 3; i++)
        {
            await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), $"unread {i}");
        }

        (await RoomList(_bob).GetRoomsAsync()).Single(r => r.Id == _roomId).UnreadCount.ShouldBe(3);
        // The sender's own read mark moves on with the members' news, off the send.
        await Eventually.HoldsAsync(async () => (await RoomList(_alice).GetRoomsAsync()).Single(r => r.Id == _roomId).UnreadCount == 0, "Alice has read what she sent");
        var join = await Chat(_bob).JoinRoomAsync(_roomId, _ => Task.CompletedTask);
        join.Value!.LastReadSequence.ShouldBe(0);

        await Chat(_bob).MarkReadAsync(_roomId, 3);

        (await RoomList(_bob).GetRoomsAsync()).Single(r => r.Id == _roomId).UnreadCount.ShouldBe(0);
        await Eventually.HoldsAsync(() => bobsOtherTab.Any(r => r.RoomId == _roomId && r.LastReadSequence == 3), "Bob's other tab learns the room was read");
        await Chat(_bob).MarkReadAsync(_roomId, 999);
        (await RoomList(_bob).GetRoomsAsync()).Single(r => r.Id == _roomId).LastReadSequence.ShouldBe(3);
    }

    [Fact]
    public async Task A_private_message_notifies_a_member_who_is_not_looking_and_not_one_who_is()
    {
        var bobInbox = Circuit(_bob).Get<INotificationService>();

        await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "first");
        await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "second");

        await Eventually.HoldsAsync(async () => (await bobInbox.GetPageAsync()).Notifications.Any(n => n.Text == "Alice: second"), "Bob is notified of the second message");
        var page = await bobInbox.GetPageAsync();
        page.Notifications.Count(n => n.Kind == NotificationKind.PrivateMessage).ShouldBe(1); // refreshed, not repeated
        page.Notifications.Single(n => n.Kind == NotificationKind.PrivateMessage).Text.ShouldBe("Alice: second");
        page.Notifications.Single(n => n.Kind == NotificationKind.PrivateMessage).Link.ShouldBe($"/chat/{_roomId}");

        var session = (await Chat(_bob).JoinRoomAsync(_roomId, _ => Task.CompletedTask)).Value!;
        await Chat(_bob).MarkReadAsync(_roomId, 2);
        (await bobInbox.GetUnreadCountAsync()).ShouldBe(0); // reading the room reads its notification
        await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "while Bob looks");
        (await bobInbox.GetPageAsync()).Notifications.Count(n => n.Kind == NotificationKind.PrivateMessage && !n.IsRead).ShouldBe(0);
        session.Dispose();
    }

    [Fact]
    public async Task Typing_reaches_the_other_member_once_however_often_it_is_reported()
    {
        var typing = new ConcurrentQueue<UserTyping>();
        var posted = new ConcurrentQueue<MessagePosted>();
        await Chat(_bob).JoinRoomAsync(_roomId, batch =>
        {
            Collect.Into(batch.OfType<UserTyping>(), typing);
            return Collect.Into(batch.OfType<MessagePosted>(), posted);
        });

        for (var i = 0; i < 10; i++)
        {
            await Chat(_alice).TypingAsync(_roomId);
        }

        await Eventually.HoldsAsync(() => !typing.IsEmpty, "Bob sees Alice typing");
        var marker = await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "done typing");
        marker.Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => posted.Any(p => p.Message.Body == "done typing"), "Bob gets Alice's message");
        typing.Count.ShouldBe(1);
        typing.Single().DisplayName.ShouldBe("Alice");
    }

    [Fact]
    public async Task The_room_list_names_the_private_room_after_the_friend_with_their_status_and_last_message()
    {
        await Chat(_bob).SendAsync(_roomId, Guid.NewGuid(), "see you at five");

        var rooms = await RoomList(_alice).GetRoomsAsync();

        rooms[0].Kind.ShouldBe(RoomKind.Public);
        var room = rooms.Single(r => r.Id == _roomId);
        room.Name.ShouldBe("Bob");
        room.FriendId.ShouldBe(_bob.Id);
        room.FriendOnline.ShouldBe(false);
        room.LastMessagePreview.ShouldBe("see you at five");
        room.UnreadCount.ShouldBe(1);
    }

    [Fact]
    public async Task After_an_unfriend_the_room_list_keeps_the_room_read_only_and_shows_no_status()
    {
        await Circuit(_bob).Get<IFriendService>().UnfriendAsync(_alice.Id);

        var room = (await RoomList(_alice).GetRoomsAsync()).Single(r => r.Id == _roomId);

        room.IsReadOnly.ShouldBeTrue();
        room.FriendOnline.ShouldBeNull();
    }

    [Fact]
    public async Task After_an_unfriend_each_can_still_delete_but_not_edit_their_own_messages()
    {
        var mine = (await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "said in friendship")).Value!;
        await Circuit(_bob).Get<IFriendService>().UnfriendAsync(_alice.Id);

        (await Chat(_alice).EditAsync(mine.Id, "rewritten")).Message.ShouldBe(ChatService.ReadOnly);
        var deleted = await Chat(_alice).DeleteAsync(mine.Id);

        deleted.Value!.IsDeleted.ShouldBeTrue();
        (await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "one more")).Message.ShouldBe(ChatService.ReadOnly);
    }

    [Fact]
    public async Task A_resent_message_that_was_stored_without_its_news_brings_the_news()
    {
        // Stored, and then the answer and everything after it were lost (a crash, a broken connection).
        var clientId = Guid.NewGuid();
        await App.Services.GetRequiredService<MessageStore>().AppendAsync(_roomId, _alice.Id, clientId, "did this arrive?", DateTimeOffset.UtcNow, default);

        var resent = await Chat(_alice).SendAsync(_roomId, clientId, "did this arrive?");

        resent.Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(async () => (await Circuit(_bob).Get<INotificationService>().GetPageAsync()).Notifications.Any(n => n.Text == "Alice: did this arrive?"),
            "Bob is notified of the message once it is sent again");
        await using var db = await App.CreateDbAsync();
        (await db.Messages.CountAsync(m => m.RoomId == _roomId)).ShouldBe(1);
    }

    [Fact]
    public async Task A_deleted_message_leaves_no_text_in_notifications()
    {
        var bobInbox = Circuit(_bob).Get<INotificationService>();
        var sent = (await Chat(_alice).SendAsync(_roomId, Guid.NewGuid(), "my secret plan")).Value!;
        await Eventually.HoldsAsync(async () => (await bobInbox.GetPageAsync()).Notifications.Any(n => n.Text == "Alice: my secret plan"), "Bob is notified");

        (await Chat(_alice).DeleteAsync(sent.Id)).Succeeded.ShouldBeTrue();

        (await bobInbox.GetPageAsync()).Notifications.Single(n => n.Kind == NotificationKind.PrivateMessage).Text.ShouldBe("Alice: Message deleted");
        await using var db = await App.CreateDbAsync();
        (await db.Notifications.Select(n => n.Payload).ToListAsync()).ShouldAllBe(payload => !payload.Contains("secret"));
    }

    private IChatService Chat(User user) => Circuit(user).Get<IChatService>();

    private IRoomList RoomList(User user) => Circuit(user).Get<IRoomList>();

    private CircuitScope Circuit(User user, bool newTab = false) => Circuits.For(user, newTab);

}

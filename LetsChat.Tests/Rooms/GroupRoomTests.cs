using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Rooms;

/// <summary>Every group-room rule through the real host's services, each person in a scope set up as one circuit.</summary>
public sealed class GroupRoomTests : HostTest
{

    private User _owner = default!;
    private User _friend = default!;
    private User _otherFriend = default!;
    private User _stranger = default!;

    public override async ValueTask InitializeAsync()
    {
        _owner = await App.CreateUserAsync("Olivia");
        _friend = await App.CreateUserAsync("Frank");
        _otherFriend = await App.CreateUserAsync("Fiona");
        _stranger = await App.CreateUserAsync("Sam");
        foreach (var friend in new[] { _friend, _otherFriend })
        {
            await Circuit(_owner).Get<IFriendService>().SendRequestAsync(friend.Id);
            await Circuit(friend).Get<IFriendService>().SendRequestAsync(_owner.Id);
        }
    }

    [Fact]
    public async Task Anyone_creates_a_room_and_owns_it_and_the_name_is_checked()
    {
        (await Rooms(_stranger).CreateAsync("   ", null)).Message.ShouldBe("Give the room a name.");
        (await Rooms(_stranger).CreateAsync(new string('n', 61), null)).Message.ShouldBe("Room names can be at most 60 characters.");
        var created = await Rooms(_stranger).CreateAsync("  Book club\u202E ", "Monthly reads");

        created.Succeeded.ShouldBeTrue();
        var members = await Rooms(_stranger).GetMembersAsync(created.Value!.Value);
        members!.Name.ShouldBe("Book club");
        members.YouOwnIt.ShouldBeTrue();
        members.Members.Single().IsOwner.ShouldBeTrue();
        (await RoomList(_stranger).GetRoomsAsync()).ShouldContain(r => r.Id == created.Value && r.Kind == RoomKind.Group && r.Name == "Book club");
    }

    [Fact]
    public async Task The_owner_adds_friends_who_are_notified_and_only_friends()
    {
        var roomId = await CreateRoomAsync();

        (await Rooms(_owner).AddMemberAsync(roomId, _stranger.Id)).Message.ShouldBe("You can add only your friends.");
        var candidates = await Rooms(_owner).FindFriendsToAddAsync(roomId, "fr");
        (await Rooms(_owner).AddMemberAsync(roomId, _friend.Id)).Succeeded.ShouldBeTrue();
        (await Rooms(_owner).AddMemberAsync(roomId, _friend.Id)).Message.ShouldBe("Frank is already a member.");

        candidates.Select(c => c.DisplayName).ShouldBe(["Frank"]);
        (await Rooms(_owner).FindFriendsToAddAsync(roomId, null)).Select(c => c.DisplayName).ShouldBe(["Fiona"]);
        var notification = (await Circuit(_friend).Get<INotificationService>().GetPageAsync()).Notifications[0];
        notification.Text.ShouldBe("Olivia added you to Study group");
        notification.Link.ShouldBe($"/chat/{roomId}");
        (await Rooms(_friend).GetMembersAsync(roomId))!.Members.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Only_the_owner_adds_removes_renames_hands_over_and_deletes()
    {
        var roomId = await CreateRoomAsync(_friend, _otherFriend);
        var asMember = Rooms(_friend);

        (await asMember.AddMemberAsync(roomId, _owner.Id)).Message.ShouldBe("Only the room's owner can do that.");
        (await asMember.RemoveMemberAsync(roomId, _otherFriend.Id)).Message.ShouldBe("Only the room's owner can do that.");
        (await asMember.RenameAsync(roomId, "Mine now", null)).Message.ShouldBe("Only the room's owner can do that.");
        (await asMember.TransferOwnershipAsync(roomId, _friend.Id)).Message.ShouldBe("Only the room's owner can do that.");
        (await asMember.DeleteAsync(roomId)).Message.ShouldBe("Only the room's owner can do that.");
        (await Rooms(_owner).FindFriendsToAddAsync(roomId, null)).ShouldBeEmpty();
        (await asMember.FindFriendsToAddAsync(roomId, null)).ShouldBeEmpty();

        await using var db = await App.CreateDbAsync();
        (await db.RoomMembers.CountAsync(m => m.RoomId == roomId)).ShouldBe(3);
        (await db.Rooms.SingleAsync(r => r.Id == roomId)).Name.ShouldBe("Study group");
    }

    [Fact]
    public async Task A_non_member_gets_nothing_of_the_room_whatever_id_they_forge()
    {
        var roomId = await CreateRoomAsync(_friend);
        await Chat(_owner).SendAsync(roomId, Guid.NewGuid(), "members only");
        var message = (await Chat(_owner).JoinRoomAsync(roomId, _ => Task.CompletedTask)).Value!.Latest.Single();

        foreach (var forged in new[] { roomId, -roomId, roomId + 1000, long.MaxValue, Room.PublicRoomId })
        {
            (await Rooms(_stranger).GetMembersAsync(forged)).ShouldBeNull();
            (await Rooms(_stranger).LeaveAsync(forged)).Succeeded.ShouldBeFalse();
            (await Rooms(_stranger).AddMemberAsync(forged, _stranger.Id)).Succeeded.ShouldBeFalse();
            if (forged != Room.PublicRoomId)
            {
                (await Circuit(_stranger).Get<IRoomNotificationSettings>().SetLevelAsync(forged, NotificationLevel.AllMessages)).Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
                (await Circuit(_stranger).Get<IRoomNotificationSettings>().GetLevelAsync(forged)).ShouldBeNull();
            }
        }

        (await Chat(_stranger).JoinRoomAsync(roomId, _ => Task.CompletedTask)).Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
        (await Chat(_stranger).SendAsync(roomId, Guid.NewGuid(), "let me in")).Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
        (await Chat(_stranger).LoadOlderAsync(roomId, long.MaxValue)).Messages.ShouldBeEmpty();
        (await Chat(_stranger).EditAsync(message.Id, "x")).Message.ShouldBe(ChatService.NoSuchMessage);
        (await RoomList(_stranger).GetRoomsAsync()).ShouldNotContain(r => r.Id == roomId);
    }

    [Fact]
    public async Task A_removed_member_loses_the_room_at_once_in_every_open_tab()
    {
        var roomId = await CreateRoomAsync(_friend);
        var tabs = new[] { new ConcurrentQueue<RoomEvent>(), new ConcurrentQueue<RoomEvent>() };
        foreach (var tab in tabs)
        {
            var join = await Circuit(_friend, newTab: true).Get<IChatService>().JoinRoomAsync(roomId, batch => Collect.Into(batch, tab));
            join.Value.ShouldNotBeNull();
        }

        (await Rooms(_owner).RemoveMemberAsync(roomId, _friend.Id)).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => tabs.All(t => t.OfType<MemberRemoved>().Any(r => r.UserId == _friend.Id)), "both tabs hear they were removed");
        await Chat(_owner).SendAsync(roomId, Guid.NewGuid(), "after you left");
        var marker = await Chat(_owner).SendAsync(roomId, Guid.NewGuid(), "marker");

        await Eventually.HoldsAsync(() => App.Services.GetRequiredService<RoomFeed>().SubscriberCount(roomId) == 0, "the removed member's subscriptions are gone");
        marker.Succeeded.ShouldBeTrue();
        tabs.ShouldAllBe(t => !t.OfType<MessagePosted>().Any());
        tabs[0].OfType<MemberRemoved>().Single().Reason.ShouldBe("You were removed from Study group.");
        (await Chat(_friend).SendAsync(roomId, Guid.NewGuid(), "still here?")).Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
        (await RoomList(_friend).GetRoomsAsync()).ShouldNotContain(r => r.Id == roomId);
    }

    [Fact]
    public async Task Members_leave_the_owner_hands_over_first_and_the_last_one_out_deletes_the_room()
    {
        var roomId = await CreateRoomAsync(_friend);

        (await Rooms(_owner).LeaveAsync(roomId)).Message.ShouldBe("You own this room: hand it to another member before you leave.");
        (await Rooms(_owner).TransferOwnershipAsync(roomId, _stranger.Id)).Message.ShouldBe("Only another member of the room can become its owner.");
        (await Rooms(_owner).TransferOwnershipAsync(roomId, _friend.Id)).Message.ShouldBe("Frank now owns Study group.");
        (await Rooms(_owner).LeaveAsync(roomId)).Message.ShouldBe("You left Study group.");
        (await Rooms(_friend).GetMembersAsync(roomId))!.YouOwnIt.ShouldBeTrue();
        (await Rooms(_friend).LeaveAsync(roomId)).Message.ShouldBe("Study group was deleted.");

        await using var db = await App.CreateDbAsync();
        (await db.Rooms.AnyAsync(r => r.Id == roomId)).ShouldBeFalse();
        (await Rooms(_friend).LeaveAsync(Room.PublicRoomId)).Message.ShouldBe("Everyone belongs to the public room; it cannot be left.");
    }

    [Fact]
    public async Task Deleting_the_room_takes_it_from_every_member()
    {
        var roomId = await CreateRoomAsync(_friend, _otherFriend);
        var removedFor = new ConcurrentQueue<long>();
        await Chat(_otherFriend).JoinRoomAsync(roomId, batch => Collect.Into(batch.OfType<MemberRemoved>().Select(r => r.UserId), removedFor));

        (await Rooms(_owner).DeleteAsync(roomId)).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(() => removedFor.Contains(_otherFriend.Id), "Fiona's open room is closed");
        (await RoomList(_friend).GetRoomsAsync()).ShouldNotContain(r => r.Id == roomId);
    }

    [Fact]
    public async Task Group_messages_notify_members_who_chose_all_messages_and_are_not_looking_and_only_mentions_by_default()
    {
        var roomId = await CreateRoomAsync(_friend, _otherFriend);
        (await Circuit(_otherFriend).Get<IRoomNotificationSettings>().GetLevelAsync(roomId)).ShouldBe(NotificationLevel.MentionsOnly);
        (await Circuit(_friend).Get<IRoomNotificationSettings>().SetLevelAsync(roomId, NotificationLevel.AllMessages)).Succeeded.ShouldBeTrue();
        (await Circuit(_friend).Get<IRoomNotificationSettings>().GetLevelAsync(roomId)).ShouldBe(NotificationLevel.AllMessages);

        await Chat(_owner).SendAsync(roomId, Guid.NewGuid(), "meeting at six");

        // The members' news goes out off the send, for all of them at once.
        await Eventually.HoldsAsync(async () => (await Circuit(_friend).Get<INotificationService>().GetPageAsync()).Notifications
            .Any(n => n.Kind == NotificationKind.PrivateMessage && n.Text == "Olivia in Study group: meeting at six"), "Frank is notified");
        (await Circuit(_otherFriend).Get<INotificationService>().GetPageAsync()).Notifications
            .ShouldNotContain(n => n.Kind == NotificationKind.PrivateMessage);
        (await RoomList(_otherFriend).GetRoomsAsync()).Single(r => r.Id == roomId).UnreadCount.ShouldBe(1);
    }

    [Fact]
    public async Task Members_see_the_status_of_their_friends_only()
    {
        var roomId = await CreateRoomAsync(_friend, _otherFriend);
        App.Services.GetRequiredService<PresenceService>().CircuitOpened(_otherFriend.Id, "fiona-tab", new UserCircuit());
        App.Services.GetRequiredService<PresenceService>().CircuitOpened(_owner.Id, "olivia-tab", new UserCircuit());

        var seenByFrank = (await Rooms(_friend).GetMembersAsync(roomId))!.Members.ToDictionary(m => m.UserId);
        var seenByOwner = (await Rooms(_owner).GetMembersAsync(roomId))!.Members.ToDictionary(m => m.UserId);

        seenByFrank[_otherFriend.Id].IsOnline.ShouldBeNull(); // Fiona is not Frank's friend
        seenByFrank[_owner.Id].IsOnline.ShouldBe(true);
        seenByFrank[_friend.Id].IsOnline.ShouldNotBeNull();
        seenByOwner[_otherFriend.Id].IsOnline.ShouldBe(true);
    }

    [Fact]
    public async Task Nobody_is_added_to_a_room_with_someone_they_blocked_or_who_blocked_them()
    {
        var withFrank = await CreateRoomAsync(_friend);
        var withFiona = await CreateRoomAsync(_otherFriend);
        await using (var db = await App.CreateDbAsync())
        {
            db.Blocks.Add(new LetsChat.Server.Friends.Block { BlockerId = _otherFriend.Id, BlockedId = _friend.Id, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        (await Rooms(_owner).AddMemberAsync(withFrank, _otherFriend.Id)).Message.ShouldBe(RoomService.CannotAdd("Fiona"));
        (await Rooms(_owner).AddMemberAsync(withFiona, _friend.Id)).Message.ShouldBe(RoomService.CannotAdd("Frank"));
        (await Rooms(_owner).GetMembersAsync(withFrank))!.Members.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_message_to_a_big_group_returns_at_once_and_every_member_hears_of_it()
    {
        var members = new List<User>();
        for (var i = 0; i < 60; i++)
        {
            members.Add(await App.CreateUserAsync($"Member {i}"));
        }

        var roomId = await App.CreateGroupAsync(Circuits, _owner, [.. members]);
        await using (var db = await App.CreateDbAsync())
        {
            db.RoomNotificationSettings.AddRange(members.Select(m => new RoomNotificationSetting { UserId = m.Id, RoomId = roomId, Level = NotificationLevel.AllMessages }));
            await db.SaveChangesAsync();
        }

        var activity = new ConcurrentQueue<RoomActivity>();
        foreach (var member in members.Take(5))
        {
            await Circuit(member).Get<IUserFeed>().SubscribeAsync(events => Collect.Into(events.OfType<RoomActivity>(), activity));
        }

        (await Chat(_owner).SendAsync(roomId, Guid.NewGuid(), "hello all")).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(() => activity.Count(a => a.RoomId == roomId) == 5, "members' room lists move the room up");
        await Eventually.HoldsAsync(async () =>
        {
            await using var db = await App.CreateDbAsync();
            return await db.Notifications.CountAsync(n => n.SubjectKey == $"room:{roomId}" && n.ReadAt == null) == members.Count;
        }, "every member but the sender is notified once");
    }

    [Fact]
    public async Task The_header_counts_members_online_per_person_not_per_tab()
    {
        var roomId = await CreateRoomAsync(_friend, _otherFriend);
        var presence = App.Services.GetRequiredService<PresenceService>();
        var changes = new ConcurrentQueue<RoomPresenceChanged>();
        await Chat(_owner).JoinRoomAsync(roomId, batch => Collect.Into(batch.OfType<RoomPresenceChanged>(), changes));

        presence.CircuitOpened(_friend.Id, "tab-1", new UserCircuit());
        presence.CircuitOpened(_friend.Id, "tab-2", new UserCircuit());
        await Eventually.HoldsAsync(() => changes.Any(c => c.UserId == _friend.Id && c.IsOnline), "the room hears Frank came online");

        (await Rooms(_owner).GetMembersAsync(roomId))!.OnlineCount.ShouldBe(1);
        changes.Count(c => c.UserId == _friend.Id).ShouldBe(1);
    }

    private async Task<long> CreateRoomAsync(params User[] members)
    {
        var roomId = (await Rooms(_owner).CreateAsync("Study group", null)).Value!.Value;
        foreach (var member in members)
        {
            (await Rooms(_owner).AddMemberAsync(roomId, member.Id)).Succeeded.ShouldBeTrue();
        }

        return roomId;
    }

    private IRoomService Rooms(User user) => Circuit(user).Get<IRoomService>();

    private IChatService Chat(User user) => Circuit(user).Get<IChatService>();

    private IRoomList RoomList(User user) => Circuit(user).Get<IRoomList>();

    private CircuitScope Circuit(User user, bool newTab = false) => Circuits.For(user, newTab);

}

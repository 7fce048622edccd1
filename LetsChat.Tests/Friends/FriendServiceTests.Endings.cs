using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Notifications;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Friends;

public sealed partial class FriendServiceTests
{
    [Fact]
    public async Task Unfriending_ends_the_friendship_and_makes_the_private_room_read_only_with_history_kept()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        await alice.SendRequestAsync(bobUser.Id);
        await bob.SendRequestAsync(aliceUser.Id);
        var roomId = (await Circuit(aliceUser).Get<IPresenceQuery>().GetFriendsAsync()).Single().PrivateRoomId;
        var chat = Circuit(aliceUser).Get<IChatService>();
        (await chat.SendAsync(roomId, Guid.NewGuid(), "before")).Succeeded.ShouldBeTrue();

        (await bob.UnfriendAsync(aliceUser.Id)).Message.ShouldBe("You are no longer friends with Alice.");

        (await Circuit(aliceUser).Get<IPresenceQuery>().GetFriendsAsync()).ShouldBeEmpty();
        (await chat.SendAsync(roomId, Guid.NewGuid(), "after")).Message.ShouldBe("You cannot write in this room right now.");
        var join = await chat.JoinRoomAsync(roomId, _ => Task.CompletedTask);
        join.Value!.Room.CanWrite.ShouldBeFalse();
        join.Value.Latest.Select(m => m.Body).ShouldBe(["before"]);
        (await bob.UnfriendAsync(aliceUser.Id)).Message.ShouldBe("You are not friends with this person.");
    }

    [Fact]
    public async Task Befriending_again_reopens_the_same_private_room()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        await alice.SendRequestAsync(bobUser.Id);
        await bob.SendRequestAsync(aliceUser.Id);
        var firstRoom = (await Circuit(aliceUser).Get<IPresenceQuery>().GetFriendsAsync()).Single().PrivateRoomId;
        await alice.UnfriendAsync(bobUser.Id);

        await alice.SendRequestAsync(bobUser.Id);
        await bob.SendRequestAsync(aliceUser.Id);

        (await Circuit(aliceUser).Get<IPresenceQuery>().GetFriendsAsync()).Single().PrivateRoomId.ShouldBe(firstRoom);
        (await Circuit(aliceUser).Get<IChatService>().SendAsync(firstRoom, Guid.NewGuid(), "again")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Blocking_removes_friendship_and_pending_requests_and_stops_requests_both_ways()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        var (carol, carolUser) = await PersonAsync("Carol");
        await alice.SendRequestAsync(bobUser.Id);
        await bob.SendRequestAsync(aliceUser.Id);
        await carol.SendRequestAsync(aliceUser.Id);

        (await alice.BlockAsync(bobUser.Id)).Succeeded.ShouldBeTrue();
        (await alice.BlockAsync(carolUser.Id)).Succeeded.ShouldBeTrue();

        (await Circuit(aliceUser).Get<IPresenceQuery>().GetFriendsAsync()).ShouldBeEmpty();
        await AssertPendingCountAsync(0);
        (await Circuit(aliceUser).Get<INotificationService>().GetPageAsync()).Notifications.Select(n => n.Text)
            .ShouldBe(["Bob accepted your friend request"]); // Carol's request went with the block
        (await bob.SendRequestAsync(aliceUser.Id)).Message.ShouldBe("You can't send a friend request to this person.");
        (await alice.SendRequestAsync(bobUser.Id)).Message.ShouldBe("You blocked Bob. Unblock them first.");
        (await bob.SearchAsync("alice")).People.ShouldBeEmpty();
        (await alice.SearchAsync("bob")).People.Single().Relationship.ShouldBe(Relationship.Blocked);
        (await alice.UnblockAsync(bobUser.Id)).Succeeded.ShouldBeTrue();
        (await bob.SendRequestAsync(aliceUser.Id)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Someone_who_is_not_signed_in_can_do_nothing()
    {
        var bob = await App.CreateUserAsync("Bob");
        await using var anonymous = App.OpenCircuit(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()));
        var friends = anonymous.Get<IFriendService>();

        (await friends.SendRequestAsync(bob.Id)).Message.ShouldBe("Please sign in first.");
        (await friends.SearchAsync("bob")).People.ShouldBeEmpty();
        (await friends.BlockAsync(bob.Id)).Succeeded.ShouldBeFalse();
        await AssertPendingCountAsync(0);
    }
}

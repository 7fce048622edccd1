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

/// <summary>Every friend rule through the real host's services, each person in a scope set up as one circuit.</summary>
public sealed partial class FriendServiceTests : HostTest
{

    [Fact]
    public async Task Finding_people_ignores_case_matches_handles_and_leaves_out_yourself()
    {
        var (me, _) = await PersonAsync("Alice Smith");
        await App.CreateUserAsync("alison");
        await App.CreateUserAsync("Bob");

        var byName = await me.SearchAsync("ALI");
        var byHandle = await me.SearchAsync("@bob");

        byName.People.Select(p => p.DisplayName).ShouldBe(["alison"]);
        byHandle.People.Select(p => p.DisplayName).ShouldBe(["Bob"]);
        (await me.SearchAsync("   ")).People.ShouldBeEmpty();
    }

    [Fact]
    public async Task Search_results_come_in_pages()
    {
        var (me, _) = await PersonAsync("Searcher");
        for (var i = 0; i < 45; i++)
        {
            await App.CreateUserAsync($"Member {i:00}");
        }

        var first = await me.SearchAsync("member");
        var third = await me.SearchAsync("member", page: 2);

        first.People.Count.ShouldBe(20);
        first.HasMore.ShouldBeTrue();
        third.People.Count.ShouldBe(5);
        third.HasMore.ShouldBeFalse();
        first.People.Concat((await me.SearchAsync("member", 1)).People).Concat(third.People).Select(p => p.UserId).Distinct().Count().ShouldBe(45);
    }

    [Fact]
    public async Task A_request_notifies_the_receiver_and_accepting_makes_friends_with_a_private_room()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        var bobsNotifications = new ConcurrentQueue<NotificationCreated>();
        await Circuit(bobUser).Get<IUserFeed>().SubscribeAsync(events => Collect.Into(events.OfType<NotificationCreated>(), bobsNotifications));

        (await alice.SendRequestAsync(bobUser.Id)).Message.ShouldBe("Friend request sent to Bob.");
        await Eventually.HoldsAsync(() => bobsNotifications.Count == 1, "Bob is notified");
        bobsNotifications.Single().Notification.Text.ShouldBe("Alice sent you a friend request");
        bobsNotifications.Single().UnreadCount.ShouldBe(1);
        var request = (await bob.GetRequestsAsync()).Incoming.Single();
        request.Person.DisplayName.ShouldBe("Alice");

        var accepted = await bob.AcceptAsync(request.RequestId);

        accepted.Succeeded.ShouldBeTrue();
        accepted.Message.ShouldBe("You and Alice are now friends.");
        (await alice.SearchAsync("bob")).People.Single().Relationship.ShouldBe(Relationship.Friend);
        var aliceInbox = Circuit(aliceUser).Get<INotificationService>();
        (await aliceInbox.GetPageAsync()).Notifications.Single().Text.ShouldBe("Bob accepted your friend request");
        (await Circuit(bobUser).Get<INotificationService>().GetUnreadCountAsync()).ShouldBe(0);
        var friends = await Circuit(aliceUser).Get<IPresenceQuery>().GetFriendsAsync();
        var join = await Circuit(aliceUser).Get<IChatService>().JoinRoomAsync(friends.Single().PrivateRoomId, _ => Task.CompletedTask);
        join.Value!.Room.Name.ShouldBe("Bob");
    }

    [Fact]
    public async Task Nobody_can_send_a_request_to_themselves_to_nobody_or_twice()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");

        (await alice.SendRequestAsync(aliceUser.Id)).Message.ShouldBe("You can't send a friend request to yourself.");
        (await alice.SendRequestAsync(999_999)).Message.ShouldBe("This person does not exist.");
        (await alice.SendRequestAsync(bob.Id)).Succeeded.ShouldBeTrue();
        var again = await alice.SendRequestAsync(bob.Id);

        again.Succeeded.ShouldBeFalse();
        again.Message.ShouldBe("You already sent Bob a friend request.");
        await AssertPendingCountAsync(1);
    }

    [Fact]
    public async Task Parallel_sends_from_two_tabs_store_one_pending_request()
    {
        var (_, aliceUser) = await PersonAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var tabs = Enumerable.Range(0, 6).Select(_ => Circuit(aliceUser, newTab: true).Get<IFriendService>()).ToList();

        var results = await Task.WhenAll(tabs.Select(t => t.SendRequestAsync(bob.Id)));

        results.Count(r => r.Succeeded).ShouldBe(1);
        await AssertPendingCountAsync(1);
    }

    [Fact]
    public async Task Sending_to_someone_who_already_asked_you_accepts_their_request()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        await bob.SendRequestAsync(aliceUser.Id);

        var result = await alice.SendRequestAsync(bobUser.Id);

        result.Message.ShouldBe("You and Bob are now friends.");
        await AssertPendingCountAsync(0);
        (await alice.SendRequestAsync(bobUser.Id)).Message.ShouldBe("You are already friends with Bob.");
    }

    [Fact]
    public async Task Only_the_receiver_accepts_or_declines_and_only_the_sender_cancels()
    {
        var (alice, _) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        var (eve, _) = await PersonAsync("Eve");
        await alice.SendRequestAsync(bobUser.Id);
        var requestId = (await bob.GetRequestsAsync()).Incoming.Single().RequestId;

        (await alice.AcceptAsync(requestId)).Message.ShouldBe("Only the person you sent the request to can accept it.");
        (await alice.DeclineAsync(requestId)).Succeeded.ShouldBeFalse();
        (await bob.CancelAsync(requestId)).Message.ShouldBe("Only the sender can cancel a request; you can decline it.");
        (await eve.AcceptAsync(requestId)).Message.ShouldBe("This friend request does not exist.");
        (await eve.CancelAsync(requestId)).Message.ShouldBe("This friend request does not exist.");
        (await bob.AcceptAsync(-5)).Message.ShouldBe("This friend request does not exist.");
        await AssertPendingCountAsync(1);
    }

    [Fact]
    public async Task Acting_on_a_request_that_is_no_longer_pending_says_so()
    {
        var (alice, _) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        await alice.SendRequestAsync(bobUser.Id);
        var requestId = (await bob.GetRequestsAsync()).Incoming.Single().RequestId;
        (await bob.DeclineAsync(requestId)).Message.ShouldBe("Request declined.");

        (await bob.AcceptAsync(requestId)).Message.ShouldBe("This request was already declined.");
        // The sender is never told of a decline: to them the request was still waiting, and now it is cancelled.
        (await alice.CancelAsync(requestId)).Message.ShouldBe("Request cancelled.");
    }

    [Fact]
    public async Task A_decline_holds_for_a_while_without_the_sender_learning_of_it()
    {
        var (alice, aliceUser) = await PersonAsync("Alice");
        var (bob, bobUser) = await PersonAsync("Bob");
        await alice.SendRequestAsync(bobUser.Id);
        var declined = (await bob.GetRequestsAsync()).Incoming.Single().RequestId;
        await bob.DeclineAsync(declined);

        // To Alice it still looks sent; cancelling and asking again looks like any request.
        (await alice.GetRequestsAsync()).Outgoing.Single().RequestId.ShouldBe(declined);
        (await alice.SendRequestAsync(bobUser.Id)).Message.ShouldBe("You already sent Bob a friend request.");
        (await alice.CancelAsync(declined)).Succeeded.ShouldBeTrue();
        (await alice.SendRequestAsync(bobUser.Id)).Message.ShouldBe("Friend request sent to Bob.");
        (await alice.GetRequestsAsync()).Outgoing.ShouldHaveSingleItem();

        // Bob never sees it, nor a notification of it (the first one's went when Alice cancelled it).
        (await bob.GetRequestsAsync()).Incoming.ShouldBeEmpty();
        var bobsNotifications = await Circuit(bobUser).Get<INotificationService>().GetPageAsync();
        bobsNotifications.Notifications.ShouldNotContain(n => n.Kind == NotificationKind.FriendRequestReceived);

        // Thirty days on (the decline and the held request made to look that old), Alice may ask again, and Bob hears of it.
        await using (var db = await App.CreateDbAsync())
        {
            var longAgo = DateTimeOffset.UtcNow.AddDays(-31);
            await db.FriendRequests.Where(r => r.SenderId == aliceUser.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.RespondedAt, longAgo).SetProperty(x => x.CreatedAt, longAgo));
        }

        (await alice.GetRequestsAsync()).Outgoing.ShouldBeEmpty();
        (await alice.SendRequestAsync(bobUser.Id)).Message.ShouldBe("Friend request sent to Bob.");
        (await bob.GetRequestsAsync()).Incoming.Single().Person.UserId.ShouldBe(aliceUser.Id);
    }

    [Fact]
    public async Task Two_tabs_accepting_at_once_make_one_friendship()
    {
        var (alice, _) = await PersonAsync("Alice");
        var (_, bobUser) = await PersonAsync("Bob");
        await alice.SendRequestAsync(bobUser.Id);
        var tabs = Enumerable.Range(0, 4).Select(_ => Circuit(bobUser, newTab: true).Get<IFriendService>()).ToList();
        var requestId = (await tabs[0].GetRequestsAsync()).Incoming.Single().RequestId;

        var results = await Task.WhenAll(tabs.Select(t => t.AcceptAsync(requestId)));

        results.Count(r => r.Succeeded).ShouldBe(1);
        results.Where(r => !r.Succeeded).ShouldAllBe(r => r.Message == "This request was already accepted.");
        await using var db = await App.CreateDbAsync();
        (await db.Friendships.CountAsync()).ShouldBe(1);
        (await db.Rooms.CountAsync(r => r.Kind == LetsChat.Components.Rooms.RoomKind.Private)).ShouldBe(1);
    }

    [Fact]
    public async Task Cancelling_a_request_withdraws_its_notification_from_the_receiver()
    {
        var (alice, _) = await PersonAsync("Alice");
        var (_, bobUser) = await PersonAsync("Bob");
        var bobInbox = Circuit(bobUser).Get<INotificationService>();
        await alice.SendRequestAsync(bobUser.Id);
        (await bobInbox.GetUnreadCountAsync()).ShouldBe(1);
        var requestId = (await alice.GetRequestsAsync()).Outgoing.Single().RequestId;

        (await alice.CancelAsync(requestId)).Message.ShouldBe("Request cancelled.");

        (await bobInbox.GetUnreadCountAsync()).ShouldBe(0);
        (await bobInbox.GetPageAsync()).Notifications.ShouldBeEmpty();
    }

    private async Task<(IFriendService Friends, User User)> PersonAsync(string name)
    {
        var user = await App.CreateUserAsync(name);
        return (Circuit(user).Get<IFriendService>(), user);
    }

    private CircuitScope Circuit(User user, bool newTab = false) => Circuits.For(user, newTab);

    private async Task AssertPendingCountAsync(int expected)
    {
        await using var db = await App.CreateDbAsync();
        (await db.FriendRequests.CountAsync(r => r.State == FriendRequestState.Pending)).ShouldBe(expected);
    }
}

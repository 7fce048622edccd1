using System.Collections.Concurrent;
using System.Net;
using LetsChat.Components.Chat;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LetsChat.Tests.Scaling;

/// <summary>
/// Two instances behind the proxy, sharing PostgreSQL and Redis: a user on one and a friend on the other talk and see
/// each other's status, and nothing is lost while Redis is away.
/// </summary>
public sealed class ScaleOutTests(PostgresServer postgres) : IAsyncLifetime
{
    private TwoInstances _instances = default!;

    private LetsChatApp A => _instances.A;

    private LetsChatApp B => _instances.B;

    public async ValueTask InitializeAsync() =>
        _instances = await TwoInstances.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["LetsChat:OfflineGracePeriod"] = "00:00:00.200",
            ["LetsChat:MaxCircuitsPerUser"] = "3",
            ["LetsChat:InstanceTimeout"] = "00:00:01.500",
        });

    public ValueTask DisposeAsync() => _instances.DisposeAsync();

    [Fact]
    public async Task A_user_on_one_instance_and_a_friend_on_the_other_exchange_messages()
    {
        var (alice, bob, roomId) = await FriendsAsync();
        await using var aliceCircuit = A.OpenCircuit(alice);
        await using var bobCircuit = B.OpenCircuit(bob);
        var seenByAlice = new ConcurrentQueue<ChatMessage>();
        var seenByBob = new ConcurrentQueue<ChatMessage>();
        (await aliceCircuit.Get<IChatService>().JoinRoomAsync(roomId, e => Collect(e, seenByAlice))).Value.ShouldNotBeNull();
        (await bobCircuit.Get<IChatService>().JoinRoomAsync(roomId, e => Collect(e, seenByBob))).Value.ShouldNotBeNull();
        await TwoInstances.ListeningAsync(A, EventTopics.Room(roomId));
        await TwoInstances.ListeningAsync(B, EventTopics.Room(roomId));

        (await aliceCircuit.Get<IChatService>().SendAsync(roomId, Guid.NewGuid(), "Hello from A")).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => seenByBob.Any(m => m.Body == "Hello from A"), "Bob, on B, sees Alice's message");
        (await bobCircuit.Get<IChatService>().SendAsync(roomId, Guid.NewGuid(), "Hello from B")).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => seenByAlice.Any(m => m.Body == "Hello from B"), "Alice, on A, sees Bob's reply");

        seenByBob.Select(m => (m.Sequence, m.Body)).ShouldBe([(1, "Hello from A"), (2, "Hello from B")]);
        seenByAlice.Select(m => (m.Sequence, m.Body)).ShouldBe([(1, "Hello from A"), (2, "Hello from B")]);
    }

    [Fact]
    public async Task A_message_sent_while_Redis_is_down_is_stored_and_reaches_the_other_instance_once_it_is_back()
    {
        var (alice, bob, roomId) = await FriendsAsync();
        await using var aliceCircuit = A.OpenCircuit(alice);
        await using var bobCircuit = B.OpenCircuit(bob);
        var seenByAlice = new ConcurrentQueue<ChatMessage>();
        var seenByBob = new ConcurrentQueue<ChatMessage>();
        await aliceCircuit.Get<IChatService>().JoinRoomAsync(roomId, e => Collect(e, seenByAlice));
        await bobCircuit.Get<IChatService>().JoinRoomAsync(roomId, e => Collect(e, seenByBob));
        await TwoInstances.ListeningAsync(B, EventTopics.Room(roomId));
        using var health = A.CreateBrowserLikeClient();

        await _instances.Redis.StopAsync();
        await Eventually.HoldsAsync(() => !Redis(A).IsConnected && !Redis(B).IsConnected, "both instances notice Redis is gone");
        await Eventually.HoldsAsync(async () => (await health.GetAsync("/health")).StatusCode == HttpStatusCode.ServiceUnavailable, "/health reports unhealthy");
        var sent = await aliceCircuit.Get<IChatService>().SendAsync(roomId, Guid.NewGuid(), "Sent while Redis was down");

        sent.Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => seenByAlice.Any(m => m.Body == "Sent while Redis was down"), "Alice's own instance shows it at once");
        await using (var db = await B.CreateDbAsync())
        {
            (await db.Messages.CountAsync(m => m.RoomId == roomId)).ShouldBe(1);
        }

        await _instances.Redis.StartAgainAsync();
        await Eventually.HoldsAsync(() => seenByBob.Any(m => m.Body == "Sent while Redis was down"), "Bob, on B, gets it after Redis returns", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(async () => (await health.GetAsync("/health")).IsSuccessStatusCode, "/health reports healthy again", TimeSpan.FromSeconds(30));
        seenByBob.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Friends_on_different_instances_see_each_others_status()
    {
        var (alice, bob, _) = await FriendsAsync();
        await using var aliceCircuit = A.OpenCircuit(alice);
        await using var bobCircuit = B.OpenCircuit(bob);
        var seenByAlice = new ConcurrentQueue<PresenceChanged>();
        var seenByBob = new ConcurrentQueue<PresenceChanged>();
        await aliceCircuit.Get<IUserFeed>().SubscribeAsync(e => Collect(e, seenByAlice));
        await bobCircuit.Get<IUserFeed>().SubscribeAsync(e => Collect(e, seenByBob));
        await TwoInstances.ListeningAsync(A, EventTopics.User(alice.Id));
        await TwoInstances.ListeningAsync(B, EventTopics.User(bob.Id));

        Presence(A).CircuitOpened(alice.Id, "alice-tab", new UserCircuit());
        Presence(B).CircuitOpened(bob.Id, "bob-tab", new UserCircuit());

        await Eventually.HoldsAsync(() => seenByBob.Any(c => c.UserId == alice.Id && c.IsOnline), "Bob, on B, sees Alice come online on A");
        await Eventually.HoldsAsync(() => seenByAlice.Any(c => c.UserId == bob.Id && c.IsOnline), "Alice, on A, sees Bob come online on B");
        (await bobCircuit.Get<IPresenceQuery>().GetFriendsAsync()).Single().IsOnline.ShouldBeTrue();
        (await aliceCircuit.Get<IPresenceQuery>().GetFriendsAsync()).Single().IsOnline.ShouldBeTrue();

        Presence(A).CircuitClosed(alice.Id, "alice-tab");
        await Eventually.HoldsAsync(() => seenByBob.Any(c => c.UserId == alice.Id && !c.IsOnline), "Bob sees Alice go offline");
        (await bobCircuit.Get<IPresenceQuery>().GetFriendsAsync()).Single().IsOnline.ShouldBeFalse();
    }

    [Fact]
    public async Task A_user_online_on_two_instances_stays_online_while_one_of_them_still_has_them()
    {
        var (alice, bob, _) = await FriendsAsync();
        await using var bobCircuit = B.OpenCircuit(bob);

        Presence(A).CircuitOpened(alice.Id, "desk", new UserCircuit());
        Presence(B).CircuitOpened(alice.Id, "phone", new UserCircuit());
        await Eventually.HoldsAsync(async () => await OnlineOnAsync(alice) == 2, "Alice counts as online on both instances");
        Presence(A).CircuitClosed(alice.Id, "desk");
        await Eventually.HoldsAsync(async () => await OnlineOnAsync(alice) == 1, "A no longer has Alice");

        (await bobCircuit.Get<IPresenceQuery>().GetFriendsAsync()).Single().IsOnline.ShouldBeTrue();
    }

    [Fact]
    public async Task An_instance_that_stops_takes_its_users_offline_on_the_others()
    {
        var (alice, bob, _) = await FriendsAsync();
        await using var bobCircuit = B.OpenCircuit(bob);
        var seenByBob = new ConcurrentQueue<PresenceChanged>();
        await bobCircuit.Get<IUserFeed>().SubscribeAsync(e => Collect(e, seenByBob));
        await TwoInstances.ListeningAsync(B, EventTopics.User(bob.Id));
        Presence(A).CircuitOpened(alice.Id, "alice-tab", new UserCircuit());
        await Eventually.HoldsAsync(() => seenByBob.Any(c => c.UserId == alice.Id && c.IsOnline), "Bob sees Alice online");

        await A.DisposeAsync();

        await Eventually.HoldsAsync(() => seenByBob.Any(c => c.UserId == alice.Id && !c.IsOnline), "Bob sees Alice offline once A is gone");
        (await bobCircuit.Get<IPresenceQuery>().GetFriendsAsync()).Single().IsOnline.ShouldBeFalse();
    }

    [Fact]
    public async Task The_circuit_cap_counts_circuits_on_every_instance_and_closes_the_oldest_wherever_it_is()
    {
        var alice = await A.CreateUserAsync("Alice");
        var tabs = new List<(LetsChatApp App, string Id, UserCircuit Circuit)>();

        async Task OpenAsync(LetsChatApp app, string id)
        {
            var circuit = new UserCircuit();
            tabs.Add((app, id, circuit));
            Presence(app).CircuitOpened(alice.Id, id, circuit);
            // One at a time, so that "oldest" means the same thing to both instances.
            await Eventually.HoldsAsync(async () => await CircuitsInRedisAsync(alice) == Math.Min(tabs.Count, 3), $"{id} is counted");
        }

        await OpenAsync(A, "a1");
        await OpenAsync(B, "b1");
        await OpenAsync(A, "a2");
        await OpenAsync(B, "b2");
        await Eventually.HoldsAsync(() => tabs[0].Circuit.ClosedReason is not null, "the oldest tab, on A, is closed by B's opening");
        await OpenAsync(A, "a3");
        await Eventually.HoldsAsync(() => tabs[1].Circuit.ClosedReason is not null, "the next oldest, on B, is closed by A's opening");

        tabs.Where(t => t.Circuit.ClosedReason is not null).Select(t => t.Id).ShouldBe(["a1", "b1"]);
        tabs[0].Circuit.ClosedReason.ShouldBe(CircuitCloseReasons.OpenedElsewhere);
        (Presence(A).CircuitCountOf(alice.Id) + Presence(B).CircuitCountOf(alice.Id)).ShouldBe(3);
        (await CircuitsInRedisAsync(alice)).ShouldBe(3);
    }

    [Fact]
    public async Task A_cookie_issued_by_one_instance_signs_the_browser_in_on_the_other()
    {
        // One browser, one cookie jar: the proxy may send its next request to either instance.
        var cookies = new CookieContainer();
        using var toA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = A.ServerAddress };
        using var toB = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = B.ServerAddress };

        (await DevSignInClient.SignInAsync(toA, "Alice")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var onB = await toB.GetAsync("/chat");

        onB.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Redis(A).GetDatabase().ListLengthAsync("letschat:data-protection-keys")).ShouldBeGreaterThan(0);
    }

    private async Task<long> OnlineOnAsync(User user) =>
        await Redis(B).GetDatabase().SetLengthAsync($"letschat:presence:online:{user.Id}");

    private async Task<long> CircuitsInRedisAsync(User user) =>
        await Redis(B).GetDatabase().SortedSetLengthAsync($"letschat:presence:circuits:{user.Id}");

    private static PresenceService Presence(LetsChatApp app) => app.Services.GetRequiredService<PresenceService>();

    private async Task<(User Alice, User Bob, long RoomId)> FriendsAsync()
    {
        var alice = await A.CreateUserAsync("Alice");
        var bob = await B.CreateUserAsync("Bob");
        await A.MakeFriendsAsync(alice, bob);
        await using var db = await A.CreateDbAsync();
        var roomId = await db.Friendships.Select(f => f.RoomId).SingleAsync();
        return (alice, bob, roomId);
    }

    private static IConnectionMultiplexer Redis(LetsChatApp app) => app.Services.GetRequiredService<IConnectionMultiplexer>();

    private static Task Collect(IReadOnlyList<UserEvent> events, ConcurrentQueue<PresenceChanged> into)
    {
        foreach (var change in events.OfType<PresenceChanged>())
        {
            into.Enqueue(change);
        }

        return Task.CompletedTask;
    }

    private static Task Collect(IReadOnlyList<RoomEvent> events, ConcurrentQueue<ChatMessage> into)
    {
        foreach (var posted in events.OfType<MessagePosted>())
        {
            into.Enqueue(posted.Message);
        }

        return Task.CompletedTask;
    }
}

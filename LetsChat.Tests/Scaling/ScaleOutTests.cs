using System.Collections.Concurrent;
using System.Net;
using LetsChat.Components.Chat;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
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
        (await aliceCircuit.Get<IChatService>().JoinRoomAsync(roomId, e => Collect(e, seenByAlice))).Session.ShouldNotBeNull();
        (await bobCircuit.Get<IChatService>().JoinRoomAsync(roomId, e => Collect(e, seenByBob))).Session.ShouldNotBeNull();
        await TwoInstances.ListeningAsync(A, EventTopics.Room(roomId));
        await TwoInstances.ListeningAsync(B, EventTopics.Room(roomId));

        (await aliceCircuit.Get<IChatService>().SendAsync(roomId, Guid.NewGuid(), "Hello from A")).Sent.ShouldBeTrue();
        await Eventually.HoldsAsync(() => seenByBob.Any(m => m.Body == "Hello from A"), "Bob, on B, sees Alice's message");
        (await bobCircuit.Get<IChatService>().SendAsync(roomId, Guid.NewGuid(), "Hello from B")).Sent.ShouldBeTrue();
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

        sent.Sent.ShouldBeTrue();
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

    private static Task Collect(IReadOnlyList<RoomEvent> events, ConcurrentQueue<ChatMessage> into)
    {
        foreach (var posted in events.OfType<MessagePosted>())
        {
            into.Enqueue(posted.Message);
        }

        return Task.CompletedTask;
    }
}

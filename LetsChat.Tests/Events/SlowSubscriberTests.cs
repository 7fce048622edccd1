using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Events;
using LetsChat.Server.Presence;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Events;

/// <summary>
/// A circuit that stops reading costs the server a bounded queue: a room's subscription turns the excess into one
/// catch-up from the database (and still delivers every message, in order); the user feed closes the tab with a notice.
/// </summary>
public sealed class SlowSubscriberTests : HostTest
{

    [Fact]
    public async Task A_stalled_room_subscription_holds_a_bounded_queue_and_then_gets_every_message_in_order()
    {
        var alice = await App.CreateUserAsync("Alice");
        var feed = App.Services.GetRequiredService<RoomFeed>();
        var unblock = new TaskCompletionSource();
        var delivered = new List<long>();
        var opened = (await feed.SubscribeAsync(Room.PublicRoomId, userId: 0, 50, async batch =>
        {
            await unblock.Task;
            lock (delivered)
            {
                delivered.AddRange(batch.OfType<MessagePosted>().Select(p => p.Message.Sequence));
            }
        }, default))!.Value;
        using var subscription = opened.Subscription;
        var store = App.Services.GetRequiredService<MessageStore>();
        var bus = App.Services.GetRequiredService<IEventBus>();
        var total = RoomSubscription.MaxQueued + 500;

        for (var i = 0; i < total; i++)
        {
            var (message, _) = await store.AppendAsync(Room.PublicRoomId, alice.Id, Guid.NewGuid(), $"message {i}", DateTimeOffset.UtcNow, default);
            await bus.PublishAsync<RoomEvent>(EventTopics.Room(Room.PublicRoomId), new MessagePosted(message));
        }

        ((RoomSubscription)subscription).Queued.ShouldBeLessThanOrEqualTo(RoomSubscription.MaxQueued + 1);
        unblock.SetResult();

        await Eventually.HoldsAsync(() => { lock (delivered) { return delivered.Count >= total; } }, "every message is delivered once the circuit reads again", TimeSpan.FromSeconds(30));
        lock (delivered)
        {
            delivered.ShouldBe(Enumerable.Range(1, total).Select(s => (long)s));
        }
    }

    [Fact]
    public async Task A_stalled_user_feed_closes_its_tab_with_a_notice_instead_of_growing()
    {
        var bob = await App.CreateUserAsync("Bob");
        await using var circuit = App.OpenCircuit(bob);
        var unblock = new TaskCompletionSource();
        var stalled = new TaskCompletionSource();
        (await circuit.Get<IUserFeed>().SubscribeAsync(_ =>
        {
            stalled.TrySetResult();
            return unblock.Task;
        })).ShouldNotBeNull();
        var bus = App.Services.GetRequiredService<IEventBus>();

        // The tab takes a first event and stalls on it; everything after waits for it, up to the bound and one more.
        await bus.PublishAsync<UserEvent>(EventTopics.User(bob.Id), new NotificationsChanged(0));
        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        for (var i = 1; i <= UserFeed.MaxQueued + 1; i++)
        {
            await bus.PublishAsync<UserEvent>(EventTopics.User(bob.Id), new NotificationsChanged(i));
        }

        circuit.Get<UserCircuit>().ClosedReason.ShouldBe(UserFeed.FellBehind);
        unblock.SetResult();
    }
}

using System.Collections.Concurrent;
using LetsChat.Server.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Events;

public sealed class EventDeliveryTests : IDisposable
{
    private readonly InProcessEventBus _bus = new(NullLogger<InProcessEventBus>.Instance);
    private readonly DeliveryLanes _lanes = new(Options.Create(new DeliveryOptions()), TimeProvider.System, NullLogger<DeliveryLanes>.Instance);

    public void Dispose() => _lanes.Dispose();

    [Fact]
    public async Task Events_reach_the_handlers_of_their_topic_only()
    {
        var room1 = new List<string>();
        var room2 = new List<string>();
        using var a = _bus.Subscribe<string>(EventTopics.Room(1), room1.Add);
        using var b = _bus.Subscribe<string>(EventTopics.Room(2), room2.Add);

        await _bus.PublishAsync(EventTopics.Room(1), "hello");

        room1.ShouldBe(["hello"]);
        room2.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_and_leaves_no_trace()
    {
        var seen = new List<string>();
        var subscription = _bus.Subscribe<string>("topic", seen.Add);

        subscription.Dispose();
        subscription.Dispose();
        await _bus.PublishAsync("topic", "late");

        seen.ShouldBeEmpty();
        _bus.HandlerCount("topic").ShouldBe(0);
    }

    [Fact]
    public async Task A_failing_handler_does_not_cost_the_others_the_event()
    {
        var seen = new List<string>();
        using var broken = _bus.Subscribe<string>("topic", _ => throw new InvalidOperationException("bug"));
        using var working = _bus.Subscribe<string>("topic", seen.Add);

        await _bus.PublishAsync("topic", "still delivered");

        seen.ShouldBe(["still delivered"]);
    }

    [Fact]
    public async Task Parallel_subscribes_and_disposes_leave_exactly_the_live_handlers()
    {
        var subscriptions = new ConcurrentBag<IDisposable>();
        await Parallel.ForAsync(0, 1000, (i, _) =>
        {
            var subscription = _bus.Subscribe<string>("busy", _ => { });
            if (i % 2 == 0)
            {
                subscription.Dispose();
            }
            else
            {
                subscriptions.Add(subscription);
            }

            return ValueTask.CompletedTask;
        });

        _bus.HandlerCount("busy").ShouldBe(500);
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        _bus.HandlerCount("busy").ShouldBe(0);
    }

    [Fact]
    public async Task Ordered_delivery_batches_what_arrives_while_the_subscriber_is_busy_and_keeps_the_order()
    {
        var release = new TaskCompletionSource();
        var batches = new ConcurrentQueue<IReadOnlyList<int>>();
        using var delivery = _lanes.Deliver<int>(async batch =>
        {
            batches.Enqueue(batch);
            await release.Task;
        });

        delivery.Post(1);
        await Support.Eventually.HoldsAsync(() => batches.Count == 1, "the first batch is being delivered");
        for (var i = 2; i <= 100; i++)
        {
            delivery.Post(i); // returns at once although the subscriber is stuck
        }

        release.SetResult();
        await Support.Eventually.HoldsAsync(() => batches.Sum(b => b.Count) == 100, "all 100 events are delivered");
        batches.SelectMany(b => b).ShouldBe(Enumerable.Range(1, 100));
        batches.Count.ShouldBeLessThan(100);
    }

    [Fact]
    public async Task Posting_returns_while_the_subscriber_is_still_busy_with_the_event()
    {
        using var subscriber = new BlockingSubscriber(_lanes);

        var post = Task.Run(() => subscriber.Delivery.Post(1));

        await subscriber.Entered.WaitAsync(TimeSpan.FromSeconds(5));
        await post.WaitAsync(TimeSpan.FromSeconds(5)); // had the handler run inline, this would still be blocked
        subscriber.StillBlocked.ShouldBeTrue();
    }

    [Fact]
    public async Task A_subscriber_that_blocks_its_thread_does_not_hold_up_the_others()
    {
        // One lane, and a clock the test moves: the blocked lane holds everything until the watchdog sees no progress.
        var time = new FakeTimeProvider();
        var options = new DeliveryOptions { Lanes = 1, StuckAfter = TimeSpan.FromMilliseconds(100) };
        using var lanes = new DeliveryLanes(Options.Create(options), time, NullLogger<DeliveryLanes>.Instance);
        using var blocking = new BlockingSubscriber(lanes);
        var delivered = new ConcurrentQueue<int>();
        var others = Enumerable.Range(0, 4).Select(i => lanes.Deliver<int>(batch =>
        {
            delivered.Enqueue(i);
            return Task.CompletedTask;
        })).ToList();

        blocking.Delivery.Post(1);
        await blocking.Entered.WaitAsync(TimeSpan.FromSeconds(5));
        foreach (var other in others)
        {
            other.Post(1);
        }

        lanes.Running.ShouldBe(1);
        delivered.ShouldBeEmpty(); // the only lane is blocked
        time.Advance(options.StuckAfter);

        await Support.Eventually.HoldsAsync(() => delivered.Count == 4, "a second lane delivers the others while one is blocked");
        blocking.StillBlocked.ShouldBeTrue();
        others.ForEach(o => o.Dispose());
    }

    [Fact]
    public async Task The_host_has_one_set_of_lanes_sized_from_configuration()
    {
        await using var app = new Support.LetsChatApp(new Dictionary<string, string?> { ["LetsChat:Delivery:Lanes"] = "3" });

        var lanes = app.Services.GetRequiredService<DeliveryLanes>();

        lanes.Lanes.ShouldBe(3);
        app.Services.GetRequiredService<DeliveryLanes>().ShouldBeSameAs(lanes);
        using var defaults = new DeliveryLanes(Options.Create(new DeliveryOptions()), TimeProvider.System, NullLogger<DeliveryLanes>.Instance);
        defaults.Lanes.ShouldBe(Math.Max(1, Environment.ProcessorCount - 1));
    }

    [Fact]
    public async Task Ordered_delivery_holds_events_until_started()
    {
        var delivered = new ConcurrentQueue<int>();
        using var delivery = _lanes.Deliver<int>(batch =>
        {
            foreach (var item in batch)
            {
                delivered.Enqueue(item);
            }

            return Task.CompletedTask;
        }, started: false);

        delivery.Post(1);
        delivery.Post(2);
        delivered.ShouldBeEmpty();
        delivery.Start();

        await Support.Eventually.HoldsAsync(() => delivered.Count == 2, "both held events are delivered");
        delivered.ShouldBe([1, 2]);
    }

    /// <summary>A circuit that blocks its thread while rendering, until disposed.</summary>
    private sealed class BlockingSubscriber : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _entered = new();

        public BlockingSubscriber(DeliveryLanes lanes) => Delivery = lanes.Deliver<int>(_ =>
        {
            _entered.TrySetResult();
            _release.Wait(TimeSpan.FromSeconds(20));
            return Task.CompletedTask;
        });

        public OrderedDelivery<int> Delivery { get; }

        /// <summary>Completes once the subscriber is inside its handler.</summary>
        public Task Entered => _entered.Task;

        public bool StillBlocked => !_release.IsSet;

        // The event is set, not disposed: the handler may still be on its way out of Wait on another thread.
        public void Dispose()
        {
            _release.Set();
            Delivery.Dispose();
        }
    }
}

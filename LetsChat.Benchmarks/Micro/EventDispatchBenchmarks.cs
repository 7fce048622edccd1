using BenchmarkDotNet.Attributes;
using LetsChat.Components.Chat;
using LetsChat.Server.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LetsChat.Benchmarks.Micro;

/// <summary>
/// One message published to a room with 1,000 open circuits: the publisher's part (queue the event for each
/// circuit's ordered delivery) and the whole of it (until every circuit's delivery has run in the delivery lanes).
/// </summary>
[MemoryDiagnoser]
public class EventDispatchBenchmarks : IDisposable
{
    private const string Topic = "room:1";
    private readonly InProcessEventBus _bus = new(NullLogger<InProcessEventBus>.Instance);
    private readonly DeliveryLanes _lanes = new(Options.Create(new DeliveryOptions()), TimeProvider.System, NullLogger<DeliveryLanes>.Instance);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly MessagePosted _event = new(new ChatMessage(1, 1, 1, 1, "Alice", null, "Hello, everyone", DateTimeOffset.UnixEpoch));
    private readonly ManualResetEventSlim _allDelivered = new();
    private int _delivered;

    [Params(1000)]
    public int Subscriptions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Subscriptions; i++)
        {
            var delivery = _lanes.Deliver<RoomEvent>(OnDelivered);
            _subscriptions.Add(delivery);
            _subscriptions.Add(_bus.Subscribe<RoomEvent>(Topic, delivery.Post));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
    }

    public void Dispose()
    {
        Cleanup();
        _lanes.Dispose();
        _allDelivered.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public async Task PublishAndDeliverToAll()
    {
        _allDelivered.Reset();
        Volatile.Write(ref _delivered, 0);
        await _bus.PublishAsync<RoomEvent>(Topic, _event);
        _allDelivered.Wait();
    }

    private Task OnDelivered(IReadOnlyList<RoomEvent> batch)
    {
        if (Interlocked.Add(ref _delivered, batch.Count) >= Subscriptions)
        {
            _allDelivered.Set();
        }

        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using StackExchange.Redis;

namespace LetsChat.Server.Events;

/// <summary>
/// The event bus of an instance among several: events are handed to this instance's handlers at once, and published
/// on Redis for the others. Each topic with a handler here has one Redis subscription, whose messages fan out to the
/// local handlers in order. When Redis is away, this instance keeps serving its own users; once it is back,
/// <see cref="Resumed"/> tells subscribers to fetch what they missed from the database.
/// </summary>
public sealed partial class RedisEventBus : IEventBus, IDisposable
{
    internal const string ChannelPrefix = "letschat:events:";

    /// <summary>
    /// How many events published while Redis was away are kept to send once it is back. Messages would be found in
    /// the database anyway; the rest (removals, bans, sign-outs, edits, renames) reach the other instances this way.
    /// </summary>
    public const int MaxUnsent = 10_000;

    private readonly InProcessEventBus _local;
    private readonly IConnectionMultiplexer _redis;
    private readonly EventTypes _types;
    private readonly ILogger<RedisEventBus> _logger;
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, int> _wanted = [];
    private readonly Dictionary<string, ChannelMessageQueue> _subscribed = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _reconcile = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Type, Action<string, object>> _deliverers = new();
    private readonly ConcurrentQueue<(string Topic, object Event)> _unsent = new();
    private int _skipped;
    private int _resumePending;

    public RedisEventBus(IConnectionMultiplexer redis, EventTypes types, ILogger<RedisEventBus> logger, ILogger<InProcessEventBus> localLogger)
    {
        _redis = redis;
        _types = types;
        _logger = logger;
        _local = new InProcessEventBus(localLogger);
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        _ = Task.Run(KeepSubscriptionsAsync);
    }

    /// <summary>Raised for a topic once its Redis subscription is in place, the first time and after every outage.</summary>
    public event Action<string>? Resumed;

    /// <summary>How many topics this instance is subscribed to on Redis right now.</summary>
    internal int RedisSubscriptionCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribed.Count;
            }
        }
    }

    public async ValueTask PublishAsync<TEvent>(string topic, TEvent @event) where TEvent : class
    {
        _local.Publish(topic, @event);
        if (!_types.CanCarry(@event.GetType()))
        {
            _logger.LocalOnlyEvent(@event.GetType().Name);
            return;
        }

        if (!_redis.IsConnected)
        {
            KeepUnsent(topic, @event);
            return;
        }

        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel(topic), _types.Serialize(@event, _origin), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            _logger.PublishFailed(ex, topic);
            KeepUnsent(topic, @event);
        }
    }

    /// <summary>How many events wait for Redis to come back.</summary>
    internal int UnsentCount => _unsent.Count;

    private void KeepUnsent(string topic, object @event)
    {
        if (Interlocked.Increment(ref _skipped) == 1)
        {
            _logger.RedisUnreachable();
        }

        _unsent.Enqueue((topic, @event));
        while (_unsent.Count > MaxUnsent && _unsent.TryDequeue(out var dropped))
        {
            _logger.UnsentDropped(dropped.Topic);
        }
    }

    // In the order they were published; one that fails goes back to wait for the next time Redis returns.
    private async Task SendUnsentAsync()
    {
        var subscriber = _redis.GetSubscriber();
        var count = _unsent.Count;
        for (var i = 0; i < count && _unsent.TryPeek(out var unsent); i++)
        {
            try
            {
                await subscriber.PublishAsync(Channel(unsent.Topic), _types.Serialize(unsent.Event, _origin));
                _unsent.TryDequeue(out _);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                _logger.ResendFailed(ex);
                Interlocked.Exchange(ref _resumePending, 1);
                return;
            }
        }
    }

    public IDisposable Subscribe<TEvent>(string topic, Action<TEvent> handler) where TEvent : class
    {
        var local = _local.Subscribe(topic, handler);
        bool first;
        lock (_lock)
        {
            _wanted[topic] = _wanted.GetValueOrDefault(topic) + 1;
            first = _wanted[topic] == 1;
        }

        if (first)
        {
            _reconcile.Release();
        }

        return new Subscription(this, topic, local);
    }

    public void Dispose()
    {
        _redis.ConnectionFailed -= OnConnectionFailed;
        _redis.ConnectionRestored -= OnConnectionRestored;
        _stopping.Cancel();
        _reconcile.Release();
        lock (_lock)
        {
            foreach (var queue in _subscribed.Values)
            {
                queue.Unsubscribe(CommandFlags.FireAndForget);
            }

            _subscribed.Clear();
        }
    }

    private static RedisChannel Channel(string topic) => RedisChannel.Literal(ChannelPrefix + topic);

    private void Receive(string topic, RedisValue payload)
    {
        if (_types.Deserialize((byte[])payload!) is not { } received)
        {
            _logger.EventNotUnderstood(topic);
            return;
        }

        if (received.Origin == _origin)
        {
            return; // this instance's own: delivered when published
        }

        var deliver = _deliverers.GetOrAdd(received.Event.GetType(), MakeDeliverer);
        deliver(topic, received.Event);
    }

    // Publishes on the local bus with the event's own type, so a handler of any base type (RoomEvent, UserEvent) gets it.
    private Action<string, object> MakeDeliverer(Type type)
    {
        var method = typeof(RedisEventBus).GetMethod(nameof(DeliverLocally), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(type);
        return method.CreateDelegate<Action<string, object>>(this);
    }

    private void DeliverLocally<TEvent>(string topic, object @event) where TEvent : class => _local.Publish(topic, (TEvent)@event);

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            _logger.RedisConnectionLost(e.Exception, e.FailureType);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        _logger.RedisConnectionBack();
        Interlocked.Exchange(ref _skipped, 0);
        Interlocked.Exchange(ref _resumePending, 1);
        _reconcile.Release();
    }

    private async Task ResumeAsync(List<string> topics)
    {
        try
        {
            // Subscriptions are in place again before the catch-up reads the database, so nothing falls in between.
            await _redis.GetSubscriber().PingAsync();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.PingAfterReturnFailed(ex);
        }

        foreach (var topic in topics)
        {
            try
            {
                Resumed?.Invoke(topic);
            }
            catch (Exception ex)
            {
                _logger.CatchUpFailed(ex, topic);
            }
        }
    }

    private sealed class Subscription(RedisEventBus bus, string topic, IDisposable local) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                local.Dispose();
                bus.Release(topic);
            }
        }
    }
}

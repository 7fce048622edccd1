using System.Diagnostics.Metrics;
using LetsChat.Components.Chat;
using LetsChat.Server.Chat;
using LetsChat.Server.Presence;
using StackExchange.Redis;

namespace LetsChat.Server.Metrics;

/// <summary>
/// The product's own meter, "LetsChat": circuits and people online, messages stored, the delivery latency from store
/// to a circuit's hands, events waiting for circuits, and whether the Redis link is up. OpenTelemetry exports it
/// when <c>LetsChat:Metrics:Prometheus</c> is on; the admin page reads the latency window in any case.
/// </summary>
public sealed class LetsChatMetrics : IDisposable
{
    public const string MeterName = "LetsChat";

    private readonly Meter _meter;
    private readonly Counter<long> _messagesStored;
    private readonly Histogram<double> _deliveryLatency;
    private readonly TimeProvider _time;

    public LetsChatMetrics(IMeterFactory meters, PresenceService presence, TimeProvider time, IServiceProvider services)
    {
        _time = time;
        _meter = meters.Create(MeterName);
        Latency = new LatencyWindow(time);
        _messagesStored = _meter.CreateCounter<long>("letschat.messages.stored", "{message}", "Messages stored");
        _deliveryLatency = _meter.CreateHistogram<double>("letschat.delivery.latency", "ms", "From a message stored to a circuit handed it",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
        _meter.CreateObservableGauge("letschat.circuits", () => presence.ConnectedCircuitCount, "{circuit}", "Signed-in tabs with a browser connected");
        _meter.CreateObservableGauge("letschat.users.online", () => presence.OnlineUserCount, "{user}", "People online on this instance");
        // The feed is asked when read (it depends on this meter for its deliveries).
        _meter.CreateObservableGauge("letschat.delivery.queued", () => services.GetRequiredService<RoomFeed>().QueuedTotal(), "{event}", "Room events waiting for circuits");
        if (services.GetService<IConnectionMultiplexer>() is { } redis)
        {
            _meter.CreateObservableGauge("letschat.redis.connected", () => redis.IsConnected ? 1 : 0, null, "1 while the link to Redis is up");
        }
    }

    /// <summary>The last few minutes of delivery latency, for the admin page.</summary>
    public LatencyWindow Latency { get; }

    public void MessageStored() => _messagesStored.Add(1);

    /// <summary>Counts each new message in a batch just handed to a circuit, by how long ago it was stored.</summary>
    public void Delivered(IReadOnlyList<RoomEvent> batch)
    {
        var now = _time.GetUtcNow();
        foreach (var roomEvent in batch)
        {
            if (roomEvent is MessagePosted posted)
            {
                var latency = now - posted.Message.CreatedAt;
                Latency.Record(latency);
                if (_deliveryLatency.Enabled)
                {
                    _deliveryLatency.Record(latency.TotalMilliseconds);
                }
            }
        }
    }

    public void Dispose() => _meter.Dispose();
}

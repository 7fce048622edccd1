using System.Collections.Concurrent;

namespace LetsChat.Server.Events;

/// <summary>
/// Hands events to one subscriber (typically one circuit) on the thread pool, one batch at a time and in order.
/// Posting only enqueues, so a publisher never renders a subscriber and never waits for a slow one; a subscriber
/// that falls behind gets everything it missed in its next batch instead of skipping anything.
/// </summary>
public sealed class OrderedDelivery<T> : IDisposable
{
    // Made on the first event: most subscriptions of an idle tab (its user feed, a quiet room) never get one.
    private ConcurrentQueue<T>? _pending;
    private readonly DeliveryLanes _lanes;
    private readonly Func<IReadOnlyList<T>, Task> _deliver;
    private readonly ILogger _logger;
    private int _running;
    private volatile bool _started;
    private volatile bool _disposed;
    private Action? _run;

    /// <param name="lanes">Where the deliveries run (<see cref="DeliveryLanes.Deliver{T}"/> makes one).</param>
    /// <param name="deliver">Receives each batch; the next batch waits until the returned task completes.</param>
    /// <param name="started">False to hold events back until <see cref="Start"/> (while the subscriber loads its first page).</param>
    public OrderedDelivery(DeliveryLanes lanes, Func<IReadOnlyList<T>, Task> deliver, ILogger logger, bool started = true)
    {
        _lanes = lanes;
        _deliver = deliver;
        _logger = logger;
        _started = started;
    }

    /// <summary>How many items wait to be delivered.</summary>
    public int Waiting => _pending?.Count ?? 0;

    public void Post(T item) => Post<T>([item]);

    /// <summary>Queues items that belong together; they are delivered in one batch unless a batch is being taken meanwhile.</summary>
    public void Post<TItem>(ReadOnlySpan<TItem> items)
        where TItem : T
    {
        if (_disposed)
        {
            return;
        }

        var pending = Pending;
        foreach (var item in items)
        {
            pending.Enqueue(item);
        }

        Schedule();
    }

    public void Start()
    {
        _started = true;
        Schedule();
    }

    public void Dispose()
    {
        _disposed = true;
        _pending?.Clear();
    }

    private void Schedule()
    {
        if (_started && !_disposed && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _lanes.Schedule(_run ??= () => _ = RunAsync());
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (!_disposed && TakeBatch() is { Count: > 0 } batch)
            {
                await _deliver(batch);
            }
        }
        catch (Exception ex)
        {
            _logger.DeliveryFailed(ex, typeof(T).Name);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
            if (_pending is { IsEmpty: false })
            {
                Schedule();
            }
        }
    }

    private ConcurrentQueue<T> Pending
    {
        get
        {
            var pending = Volatile.Read(ref _pending);
            if (pending is null)
            {
                Interlocked.CompareExchange(ref _pending, new ConcurrentQueue<T>(), null);
                pending = _pending;
            }

            return pending;
        }
    }

    private List<T> TakeBatch()
    {
        var pending = _pending;
        if (pending is null)
        {
            return [];
        }

        var batch = new List<T>(Math.Min(pending.Count, 256));
        while (pending.TryDequeue(out var item))
        {
            batch.Add(item);
        }

        return batch;
    }
}

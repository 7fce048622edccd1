using System.Collections.Concurrent;

namespace LetsChat.Server.Events;

/// <summary>
/// Hands events to one subscriber (typically one circuit) on the thread pool, one batch at a time and in order.
/// Posting only enqueues, so a publisher never renders a subscriber and never waits for a slow one; a subscriber
/// that falls behind gets everything it missed in its next batch instead of skipping anything.
/// </summary>
public sealed class OrderedDelivery<T> : IDisposable
{
    private readonly ConcurrentQueue<T> _pending = new();
    private readonly Func<IReadOnlyList<T>, Task> _deliver;
    private readonly ILogger _logger;
    private int _running;
    private volatile bool _started;
    private volatile bool _disposed;

    /// <param name="deliver">Receives each batch; the next batch waits until the returned task completes.</param>
    /// <param name="started">False to hold events back until <see cref="Start"/> (while the subscriber loads its first page).</param>
    public OrderedDelivery(Func<IReadOnlyList<T>, Task> deliver, ILogger logger, bool started = true)
    {
        _deliver = deliver;
        _logger = logger;
        _started = started;
    }

    public void Post(T item)
    {
        if (_disposed)
        {
            return;
        }

        _pending.Enqueue(item);
        Schedule();
    }

    /// <summary>Queues items that belong together; they are delivered in one batch unless a batch is being taken meanwhile.</summary>
    public void Post<TItem>(ReadOnlySpan<TItem> items)
        where TItem : T
    {
        if (_disposed)
        {
            return;
        }

        foreach (var item in items)
        {
            _pending.Enqueue(item);
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
        _pending.Clear();
    }

    private void Schedule()
    {
        if (_started && !_disposed && Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static delivery => _ = delivery.RunAsync(), this, preferLocal: false);
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
            _logger.LogError(ex, "Delivering events of type {Type} failed", typeof(T).Name);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
            if (!_pending.IsEmpty)
            {
                Schedule();
            }
        }
    }

    private List<T> TakeBatch()
    {
        var batch = new List<T>(Math.Min(_pending.Count, 256));
        while (_pending.TryDequeue(out var item))
        {
            batch.Add(item);
        }

        return batch;
    }
}

namespace LetsChat.Server.Events;

/// <summary>
/// The subscriptions one circuit holds (its open rooms, its user feeds). A screen disposes what it no longer shows, and
/// the bag forgets it at once; a screen that forgets, or a tab that switches rooms in a loop, still holds at most
/// <paramref name="capacity"/>: one more closes the oldest. Whatever is left closes with the circuit.
/// </summary>
internal sealed class SubscriptionBag(int capacity) : IDisposable
{
    private readonly LinkedList<Entry> _open = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Keeps <paramref name="subscription"/> until it is disposed; the returned handle disposes it and forgets it.</summary>
    public IDisposable Track(IDisposable subscription) => Track([subscription]);

    /// <summary>Keeps subscriptions that belong together as one (they count once); the returned handle disposes them all, in order.</summary>
    public IDisposable Track(params IDisposable[] subscriptions)
    {
        var entry = new Entry(this, subscriptions);
        Entry? oldest = null;
        lock (_lock)
        {
            entry.Node = _open.AddLast(entry);
            if (_open.Count > capacity)
            {
                oldest = _open.First!.Value;
            }
        }

        oldest?.Dispose();
        return entry;
    }

    public void Dispose()
    {
        Entry[] open;
        lock (_lock)
        {
            open = [.. _open];
        }

        foreach (var entry in open)
        {
            entry.Dispose();
        }
    }

    private void Forget(Entry entry)
    {
        lock (_lock)
        {
            if (entry.Node?.List is not null)
            {
                _open.Remove(entry.Node);
            }
        }
    }

    private sealed class Entry(SubscriptionBag owner, IDisposable[] subscriptions) : IDisposable
    {
        private int _disposed;

        public LinkedListNode<Entry>? Node { get; set; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Forget(this);
                foreach (var subscription in subscriptions)
                {
                    subscription.Dispose();
                }
            }
        }
    }
}

namespace LetsChat.Server.Chat;

/// <summary>
/// The rooms one circuit has open. A screen closes the room it leaves, and the room is forgotten here at once; a
/// screen that forgets, or a tab that switches rooms in a loop, still holds at most <see cref="MaxOpen"/>: opening one
/// more closes the oldest. Whatever is left closes with the circuit.
/// </summary>
internal sealed class OpenRooms : IDisposable
{
    /// <summary>More than any screen shows at once (the chat page shows one room).</summary>
    public const int MaxOpen = 4;

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

    /// <summary>Keeps <paramref name="room"/> until it is disposed; the returned handle disposes it and forgets it.</summary>
    public IDisposable Track(IDisposable room)
    {
        var entry = new Entry(this, room);
        Entry? oldest = null;
        lock (_lock)
        {
            entry.Node = _open.AddLast(entry);
            if (_open.Count > MaxOpen)
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

    private sealed class Entry(OpenRooms owner, IDisposable room) : IDisposable
    {
        private int _disposed;

        public LinkedListNode<Entry>? Node { get; set; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Forget(this);
                room.Dispose();
            }
        }
    }
}

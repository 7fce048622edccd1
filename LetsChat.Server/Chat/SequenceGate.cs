using LetsChat.Components.Chat;

namespace LetsChat.Server.Chat;

/// <summary>
/// Puts a room's events back in sequence order on this instance, before they reach the shared window and the circuits.
/// Two senders' messages can arrive out of order: on two instances, the other's comes through Redis a moment after this
/// instance's own later one; on one, two concurrent sends can publish in the other order than they were stored. A
/// message past a gap is held (and everything after it, so an edit never overtakes its message) until the missing one
/// arrives, then all go on in order. Without this, each circuit saw the gap and read the store for it, and asked the
/// database again whether its reader may still read the room: two queries per circuit per message, which the
/// scale-out benchmark showed sinking two instances with 300 watchers each at 20 messages/s. A message that truly went
/// missing (an instance stopped between storing and publishing) is given up on after <see cref="MaxWait"/>: what is
/// held goes on as it is, and each circuit fills the gap from the store as before, access checked.
/// </summary>
internal sealed class SequenceGate(Action<RoomEvent> forward, TimeProvider time) : IDisposable
{
    /// <summary>How long a message past a gap waits for the missing one.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private readonly List<RoomEvent> _held = [];
    private long _last = -1;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>How many events wait behind a gap right now.</summary>
    public int Held
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>The newest sequence the room had when its window was read, if no message has been seen yet.</summary>
    public void KnowLast(long sequence)
    {
        lock (_lock)
        {
            if (_last < 0)
            {
                _last = sequence;
            }
        }
    }

    public void Accept(RoomEvent roomEvent)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_held.Count > 0)
            {
                _held.Add(roomEvent);
                Drain();
                return;
            }

            if (roomEvent is MessagePosted posted && _last >= 0 && posted.Message.Sequence > _last + 1)
            {
                _held.Add(roomEvent);
                _timer ??= time.CreateTimer(static state => ((SequenceGate)state!).GiveUp(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(MaxWait, Timeout.InfiniteTimeSpan);
                return;
            }

            Forward(roomEvent);
        }
    }

    // Under the lock: sends on every held event that no longer waits for a missing message.
    private void Drain()
    {
        while (_held.Count > 0)
        {
            if (_held[0] is MessagePosted first && first.Message.Sequence > _last + 1)
            {
                var next = _held.FindIndex(e => e is MessagePosted m && m.Message.Sequence == _last + 1);
                if (next < 0)
                {
                    return;
                }

                Forward(_held[next]);
                _held.RemoveAt(next);
                continue;
            }

            Forward(_held[0]);
            _held.RemoveAt(0);
        }

        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void Forward(RoomEvent roomEvent)
    {
        if (roomEvent is MessagePosted posted)
        {
            _last = Math.Max(_last, posted.Message.Sequence);
        }

        forward(roomEvent);
    }

    private void GiveUp()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            foreach (var held in _held)
            {
                Forward(held);
            }

            _held.Clear();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _held.Clear();
            _timer?.Dispose();
        }
    }
}

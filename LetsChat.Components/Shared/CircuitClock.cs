namespace LetsChat.Components.Shared;

/// <summary>
/// The one timer of a circuit that keeps relative times ("just now", "5 min ago") true: every shown time listens to
/// it, instead of each having a timer of its own. It runs only while something listens. Scoped: one per circuit.
/// </summary>
public sealed class CircuitClock(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<Action> _listeners = [];
    private ITimer? _timer;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Calls <paramref name="onTick"/> (off the circuit's context) every <see cref="Interval"/> until disposed.</summary>
    public IDisposable Subscribe(Action onTick)
    {
        lock (_lock)
        {
            _listeners.Add(onTick);
            _timer ??= time.CreateTimer(_ => Tick(), null, Interval, Interval);
        }

        return new Listener(this, onTick);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _listeners.Clear();
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Tick()
    {
        Action[] listeners;
        lock (_lock)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            listener();
        }
    }

    private void Remove(Action onTick)
    {
        lock (_lock)
        {
            _listeners.Remove(onTick);
            if (_listeners.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    private sealed class Listener(CircuitClock clock, Action onTick) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                clock.Remove(onTick);
            }
        }
    }
}

using LetsChat.Components.Chat;

namespace LetsChat.Server.Chat;

/// <summary>
/// A room's typing notices on their way to its open tabs. A notice waits <see cref="Delay"/>, and at least until the
/// room's interval (<see cref="Every"/>) is up; notices arriving meanwhile gather (one per person, the newest) and go
/// out together.
/// </summary>
/// <param name="post">Hands a batch of notices to the room's subscribers; runs on a timer thread.</param>
internal sealed class TypingNotices(TimeProvider time, Action<UserTyping[]> post) : IDisposable
{
    /// <summary>
    /// How often, at most, a room passes typing notices on to its open tabs. Each person's notices are already throttled;
    /// this bounds a busy room's, so that a hundred people typing cost its thousand readers one update a second, not a
    /// hundred.
    /// </summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a typing notice waits before it goes out. A quick reply is sent before then, and its notice is dropped:
    /// readers never see "typing" flash for an instant just ahead of the message, and the room's readers are spared a
    /// render that would only hold the message up.
    /// </summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private readonly Dictionary<long, UserTyping> _pending = [];
    private long _sentAt;
    private bool _armed;
    private ITimer? _timer;

    public void Queue(UserTyping typing)
    {
        lock (_lock)
        {
            _pending[typing.UserId] = typing;
            if (_armed)
            {
                return;
            }

            var sinceLast = _sentAt == 0 ? Every : time.GetElapsedTime(_sentAt);
            var wait = TimeSpan.FromTicks(Math.Max(Delay.Ticks, (Every - sinceLast).Ticks));
            _armed = true;
            _timer ??= time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The person sent their message: a notice of theirs still waiting would show them typing after it.</summary>
    public void Sent(long authorId)
    {
        lock (_lock)
        {
            _pending.Remove(authorId);
        }
    }

    private void Flush()
    {
        UserTyping[] due;
        lock (_lock)
        {
            _armed = false;
            if (_pending.Count == 0)
            {
                return;
            }

            due = [.. _pending.Values];
            _pending.Clear();
            _sentAt = time.GetTimestamp();
        }

        post(due);
    }

    public void Dispose() => _timer?.Dispose();
}

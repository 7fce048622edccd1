using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Events;

namespace LetsChat.Server.Chat;

/// <summary>
/// One circuit's subscription to one room. Delivers the room's events in order, fills any gap from the store, and
/// asks again whether its reader may read the room every time it goes to the store (gap fills, catch-ups), so a
/// removal whose event never arrived still ends it. A batch that cannot be completed (the database is away) is held
/// and tried again, never dropped.
/// </summary>
internal sealed class RoomSubscription : IDisposable
{
    /// <summary>
    /// How many events may wait for a circuit that does not keep up. Past it, new messages are not queued: they are in
    /// the database, and one catch-up reads them all when the circuit gets to it, so a stalled tab costs no memory
    /// per message and still misses nothing.
    /// </summary>
    public const int MaxQueued = 2_000;

    public const string NoLongerMember = "You are no longer a member of this room.";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly RoomFeed _feed;
    private readonly Func<IReadOnlyList<RoomEvent>, Task> _onEvents;
    private readonly Func<CancellationToken, Task<bool>> _mayRead;
    private readonly OrderedDelivery<RoomEvent> _delivery;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _lastSequence;
    private int _disposed;
    private int _queued;
    private int _overflowed;
    private long _turnedAwayAt;
    private List<RoomEvent>? _held;
    private int _failures;
    private ITimer? _retry;
    private readonly Metrics.LetsChatMetrics? _metrics;

    public RoomSubscription(
        RoomFeed feed, DeliveryLanes lanes, long roomId, long userId, Func<IReadOnlyList<RoomEvent>, Task> onEvents,
        Func<CancellationToken, Task<bool>> mayRead, TimeProvider time, ILogger logger, Metrics.LetsChatMetrics? metrics = null)
    {
        _metrics = metrics;
        _feed = feed;
        RoomId = roomId;
        UserId = userId;
        _onEvents = onEvents;
        _mayRead = mayRead;
        _time = time;
        _logger = logger;
        _delivery = lanes.Deliver<RoomEvent>(DeliverAsync, started: false);
    }

    public long RoomId { get; }

    /// <summary>Whose circuit this is (0 for a visitor): when they may no longer read the room, the subscription ends itself.</summary>
    public long UserId { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    /// <summary>How many events wait for this circuit right now.</summary>
    public int Queued => Volatile.Read(ref _queued);

    public void Post(RoomEvent roomEvent)
    {
        if (roomEvent is MessagePosted or UserTyping && Volatile.Read(ref _queued) >= MaxQueued)
        {
            // The first message past the bound queues a catch-up in its place; later ones need nothing queued, but the
            // catch-up must read the store after the last of them.
            Volatile.Write(ref _turnedAwayAt, System.Diagnostics.Stopwatch.GetTimestamp());
            if (Interlocked.Exchange(ref _overflowed, 1) == 0)
            {
                Enqueue(new MissedEventsCheck(RoomId));
            }

            return;
        }

        Enqueue(roomEvent);
    }

    /// <summary>Queues events that belong together (so that they are delivered, and rendered, at once).</summary>
    public void Post(ReadOnlySpan<UserTyping> roomEvents)
    {
        if (Volatile.Read(ref _queued) < MaxQueued)
        {
            Interlocked.Add(ref _queued, roomEvents.Length);
            _delivery.Post(roomEvents);
        }
    }

    public void StartAfter(long sequence)
    {
        _lastSequence = sequence;
        _delivery.Start();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _retry?.Dispose();
            _delivery.Dispose();
            _feed.Detach(this);
        }
    }

    private void Enqueue(RoomEvent roomEvent)
    {
        Interlocked.Increment(ref _queued);
        _delivery.Post(roomEvent);
    }

    private async Task DeliverAsync(IReadOnlyList<RoomEvent> batch)
    {
        Interlocked.Add(ref _queued, -batch.Count);
        // Taken before the store is read: messages turned away from here on are stored before that read.
        Interlocked.Exchange(ref _overflowed, 0);

        // The usual batch (the next messages in order, typing notices) goes on as it is, with no copy.
        if (_held is null && PassesAsItIs(batch))
        {
            if (!IsDisposed)
            {
                await _onEvents(batch);
                _metrics?.Delivered(batch);
            }

            return;
        }

        var events = _held is { } held ? [.. held, .. batch] : batch;
        _held = null;
        (List<RoomEvent> Ready, long LastSequence, bool Ended) prepared;
        try
        {
            prepared = await PrepareAsync(events);
        }
        catch (Exception ex) when (!IsDisposed)
        {
            HoldForRetry(events, ex);
            return;
        }

        _failures = 0;
        _lastSequence = prepared.LastSequence;
        if (prepared.Ready.Count > 0 && !IsDisposed)
        {
            await _onEvents(prepared.Ready);
            _metrics?.Delivered(prepared.Ready);
        }

        if (prepared.Ended)
        {
            Dispose();
        }
    }

    // Fills gaps from the store and checks the reader may still read the room; changes nothing until it has succeeded.
    private async Task<(List<RoomEvent> Ready, long LastSequence, bool Ended)> PrepareAsync(IReadOnlyList<RoomEvent> events)
    {
        var last = _lastSequence;
        var readStore = false;
        var ready = new List<RoomEvent>(events.Count);
        foreach (var roomEvent in events)
        {
            switch (roomEvent)
            {
                case MissedEventsCheck check:
                    readStore = true;
                    foreach (var missed in await _feed.MissedAsync(RoomId, last, notBefore: Math.Max(check.IssuedAt, Volatile.Read(ref _turnedAwayAt))))
                    {
                        ready.Add(new MessagePosted(missed));
                        last = missed.Sequence;
                    }

                    continue;
                case MessagePosted posted when posted.Message.Sequence <= last:
                    continue;
                case MessagePosted posted:
                    var sequence = posted.Message.Sequence;
                    if (sequence > last + 1)
                    {
                        readStore = true;
                        foreach (var missed in await _feed.MissedAsync(RoomId, last, sequence))
                        {
                            ready.Add(new MessagePosted(missed));
                        }
                    }

                    last = sequence;
                    break;
            }

            ready.Add(roomEvent);
        }

        // A member who was removed gets that news, and nothing of the room after it.
        var removedAt = ready.FindIndex(e => e is MemberRemoved removed && removed.UserId == UserId);
        if (removedAt >= 0)
        {
            ready.RemoveRange(removedAt + 1, ready.Count - removedAt - 1);
            return (ready, last, true);
        }

        // What came from the store is shown only to someone who may still read the room, whatever events were lost.
        if (readStore && !await _mayRead(CancellationToken.None))
        {
            return ([new MemberRemoved(RoomId, UserId, NoLongerMember)], last, true);
        }

        return (ready, last, false);
    }

    private void HoldForRetry(IReadOnlyList<RoomEvent> events, Exception ex)
    {
        _held = [.. events];
        var wait = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(_failures, 5)));
        _failures++;
        _logger.CatchUpRoomFailed(ex, RoomId, wait);
        _retry ??= _time.CreateTimer(static state => ((RoomSubscription)state!).Enqueue(new MissedEventsCheck(((RoomSubscription)state!).RoomId)), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _retry.Change(wait, Timeout.InfiniteTimeSpan);
    }

    // True (and the last sequence moved on) when every message in the batch is the next one and nothing in it needs
    // a gap filled, a check run or the subscription ended.
    private bool PassesAsItIs(IReadOnlyList<RoomEvent> batch)
    {
        var sequence = _lastSequence;
        for (var i = 0; i < batch.Count; i++)
        {
            switch (batch[i])
            {
                case MessagePosted posted when posted.Message.Sequence == sequence + 1:
                    sequence++;
                    break;
                case MessagePosted or MissedEventsCheck:
                    return false;
                case MemberRemoved removed when removed.UserId == UserId:
                    return false;
            }
        }

        _lastSequence = sequence;
        return true;
    }
}

/// <summary>Tells one subscription to read what was stored after its last message; never leaves the server.</summary>
internal sealed record MissedEventsCheck(long RoomId) : RoomEvent(RoomId)
{
    /// <summary>When it was asked for: what it must find was stored by then.</summary>
    public long IssuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
}

using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Events;
using LetsChat.Server.Metrics;
using LetsChat.Server.Rooms;

namespace LetsChat.Server.Chat;

/// <summary>
/// The live side of every open room on this instance: one bus subscription per room, the room's window of recent
/// messages held once and shared by every circuit, and each circuit's ordered delivery.
/// </summary>
public sealed class RoomFeed : IDisposable
{
    private readonly Dictionary<long, RoomChannel> _channels = [];
    private readonly Lock _channelsLock = new();
    private readonly IEventBus _bus;
    private readonly MessageStore _store;
    private readonly ILogger<RoomFeed> _logger;
    private readonly TimeProvider _time;
    private readonly RoomAccess _access;
    private readonly DeliveryLanes _lanes;
    // The store reads in progress for catch-ups and gap fills, shared by every circuit that asks the same.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(long Room, long After, long Before), StoreRead> _reading = new();

    private readonly LetsChatMetrics? _metrics;

    public RoomFeed(IEventBus bus, DeliveryLanes lanes, MessageStore store, RoomAccess access, ILogger<RoomFeed> logger, TimeProvider time, LetsChatMetrics? metrics = null)
    {
        _lanes = lanes;
        _metrics = metrics;
        _bus = bus;
        _store = store;
        _access = access;
        _logger = logger;
        _time = time;
        _bus.Resumed += CatchUp;
    }

    /// <summary>
    /// Subscribes to a room and returns its newest <paramref name="count"/> messages, or null when
    /// <paramref name="userId"/> (0 for a visitor of the public room) may not read it. Events published after those
    /// messages reach <paramref name="onEvents"/> in order; none is skipped, none repeated. The reader's right is checked
    /// after the subscription is in place, so a removal is either seen by that check or arrives as an event, and again
    /// whenever the subscription goes to the store.
    /// </summary>
    public async Task<(IReadOnlyList<ChatMessage> Latest, IDisposable Subscription)?> SubscribeAsync(
        long roomId, long userId, int count, Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken)
    {
        var subscription = new RoomSubscription(this, _lanes, roomId, userId, onEvents, ct => _access.CanReadAsync(userId, roomId, ct), _time, _logger, _metrics);
        var channel = Attach(subscription);
        try
        {
            if (!await _access.CanReadAsync(userId, roomId, cancellationToken))
            {
                subscription.Dispose();
                return null;
            }

            var window = await channel.Window.GetAsync(cancellationToken);
            channel.Gate.KnowLast(window.LastSequence);
            subscription.StartAfter(window.LastSequence);
            var first = Math.Max(0, window.Messages.Length - count);
            return (window.Messages[first..], subscription);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }

    /// <summary>How many circuits of this instance have the room open.</summary>
    public int SubscriberCount(long roomId)
    {
        lock (_channelsLock)
        {
            return _channels.TryGetValue(roomId, out var channel) ? channel.Subscribers.Length : 0;
        }
    }

    /// <summary>Room events waiting for this instance's circuits, summed when a metric is read.</summary>
    public int QueuedTotal()
    {
        lock (_channelsLock)
        {
            return _channels.Values.Sum(channel => channel.Subscribers.Sum(subscription => subscription.Queued));
        }
    }

    /// <summary>
    /// Every message stored after <paramref name="afterSequence"/> and before <paramref name="beforeSequence"/>, in
    /// order: from the shared window when it has them, else from the store page by page, however many there are.
    /// </summary>
    /// <param name="notBefore">
    /// For a catch-up: when (<see cref="System.Diagnostics.Stopwatch"/> ticks) the newest message it must find was known
    /// to be stored. A read begun earlier may have missed it, so the catch-up does not share that read.
    /// </param>
    internal async Task<IReadOnlyList<ChatMessage>> MissedAsync(long roomId, long afterSequence, long beforeSequence = long.MaxValue, long notBefore = 0)
    {
        RoomChannel? channel;
        lock (_channelsLock)
        {
            _channels.TryGetValue(roomId, out channel);
        }

        // A catch-up (no upper end) always reads the store: it runs because events may be missing from the window too.
        if (beforeSequence != long.MaxValue && channel?.Window.Current is { } window && window.Covers(afterSequence + 1, beforeSequence - 1))
        {
            return window.Between(afterSequence, beforeSequence);
        }

        // Every circuit of a room catching up at once (after Redis came back, or a gap) asks the same question: the
        // first one's read answers all of them, instead of one read of the store per circuit.
        // A gap fill's range is stored in full before it is asked for; a catch-up's end is open, so it joins only a
        // read that began after what it looks for was stored.
        var key = (roomId, afterSequence, beforeSequence);
        var read = _reading.AddOrUpdate(key, k => new StoreRead(() => ReadStoreAsync(k.Room, k.After, k.Before)),
            (k, running) => running.StartedAt >= notBefore ? running : new StoreRead(() => ReadStoreAsync(k.Room, k.After, k.Before)));
        try
        {
            return await read.Result;
        }
        finally
        {
            _reading.TryRemove(new KeyValuePair<(long, long, long), StoreRead>(key, read));
        }
    }

    // One read of the store that circuits asking the same share; it begins no earlier than StartedAt.
    private sealed class StoreRead(Func<Task<IReadOnlyList<ChatMessage>>> read)
    {
        private readonly Lazy<Task<IReadOnlyList<ChatMessage>>> _result = new(read);

        public long StartedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

        public Task<IReadOnlyList<ChatMessage>> Result => _result.Value;
    }

    private async Task<IReadOnlyList<ChatMessage>> ReadStoreAsync(long roomId, long afterSequence, long beforeSequence)
    {
        var missed = new List<ChatMessage>();
        while (true)
        {
            var page = await _store.BetweenAsync(roomId, afterSequence, beforeSequence, CancellationToken.None);
            missed.AddRange(page);
            if (page.Count < MessageStore.MaxBetween)
            {
                return missed;
            }

            afterSequence = page[^1].Sequence;
        }
    }

    internal void Detach(RoomSubscription subscription)
    {
        RoomChannel? closed = null;
        lock (_channelsLock)
        {
            if (!_channels.TryGetValue(subscription.RoomId, out var channel))
            {
                return;
            }

            channel.Subscribers = channel.Subscribers.Remove(subscription);
            // The public room stays warm; any other room lets go of its window once nobody here has it open.
            if (channel.Subscribers.IsEmpty && channel.RoomId != Room.PublicRoomId)
            {
                _channels.Remove(channel.RoomId);
                closed = channel;
            }
        }

        closed?.Dispose();
    }

    public void Dispose()
    {
        _bus.Resumed -= CatchUp;
        lock (_channelsLock)
        {
            foreach (var channel in _channels.Values)
            {
                channel.Dispose();
            }

            _channels.Clear();
        }
    }

    // Events of the room may have been lost while the bus was cut off from the other instances: each open subscription
    // reads what was stored after the last message it delivered, and the window, read afresh, shows which of the
    // messages it held were edited, deleted or renamed meanwhile, so those changes reach every screen too.
    private void CatchUp(string topic)
    {
        RoomChannel[] channels;
        lock (_channelsLock)
        {
            channels = [.. _channels.Values.Where(c => c.Topic == topic)];
        }

        foreach (var channel in channels)
        {
            var before = channel.Window.Forget();
            channel.Post(new MissedEventsCheck(channel.RoomId));
            if (before is not null)
            {
                _ = ReconcileAsync(channel, before);
            }
        }
    }

    private async Task ReconcileAsync(RoomChannel channel, MessageWindow before)
    {
        try
        {
            var now = await channel.Window.GetAsync(CancellationToken.None);
            foreach (var change in before.ChangesIn(now))
            {
                channel.Post(change);
            }
        }
        catch (Exception ex)
        {
            // Only edits that happened during the outage are at stake; they show on the next load of the room.
            _logger.ReconcileFailed(ex, channel.RoomId);
        }
    }

    private RoomChannel Attach(RoomSubscription subscription)
    {
        lock (_channelsLock)
        {
            if (!_channels.TryGetValue(subscription.RoomId, out var channel))
            {
                channel = new RoomChannel(subscription.RoomId, _store, _time);
                channel.BusSubscription = _bus.Subscribe<RoomEvent>(channel.Topic, e => OnRoomEvent(channel, e));
                _channels.Add(channel.RoomId, channel);
            }

            channel.Subscribers = channel.Subscribers.Add(subscription);
            return channel;
        }
    }

    // Runs on the publisher's thread: typing notices to their batcher; anything else through the room's gate, which
    // keeps the shared window current and queues the event for each circuit, in sequence order, nothing more.
    private static void OnRoomEvent(RoomChannel channel, RoomEvent roomEvent)
    {
        if (roomEvent is UserTyping typing)
        {
            channel.Typing.Queue(typing);
            return;
        }

        // Its author is no longer typing as soon as their message arrives, whether or not it waits at the gate.
        if (roomEvent is MessagePosted posted)
        {
            channel.Typing.Sent(posted.Message.AuthorId);
        }

        channel.Gate.Accept(roomEvent);
    }
}

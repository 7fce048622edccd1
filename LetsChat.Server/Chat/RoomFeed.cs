using System.Collections.Immutable;
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
    /// <summary>How many recent messages a room keeps in memory; first pages and gap fills are served from it.</summary>
    public const int WindowSize = 100;

    /// <summary>
    /// How often, at most, a room passes typing notices on to its open tabs. Each person's notices are already throttled;
    /// this bounds a busy room's, so that a hundred people typing cost its thousand readers one update a second, not a
    /// hundred.
    /// </summary>
    public static readonly TimeSpan TypingNoticesEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a typing notice waits before it goes out. A quick reply is sent before then, and its notice is dropped:
    /// readers never see "typing" flash for an instant just ahead of the message, and the room's readers are spared a
    /// render that would only hold the message up.
    /// </summary>
    public static readonly TimeSpan TypingNoticeDelay = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<long, RoomChannel> _channels = [];
    private readonly Lock _channelsLock = new();
    private readonly IEventBus _bus;
    private readonly MessageStore _store;
    private readonly ILogger<RoomFeed> _logger;
    private readonly TimeProvider _time;
    private readonly RoomAccess _access;

    private readonly LetsChatMetrics? _metrics;

    public RoomFeed(IEventBus bus, MessageStore store, RoomAccess access, ILogger<RoomFeed> logger, TimeProvider time, LetsChatMetrics? metrics = null)
    {
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
        var subscription = new RoomSubscription(this, roomId, userId, onEvents, ct => _access.CanReadAsync(userId, roomId, ct), _time, _logger, _metrics);
        var channel = Attach(subscription);
        try
        {
            if (!await _access.CanReadAsync(userId, roomId, cancellationToken))
            {
                subscription.Dispose();
                return null;
            }

            var window = await GetWindowAsync(channel, cancellationToken);
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
    internal async Task<IReadOnlyList<ChatMessage>> MissedAsync(long roomId, long afterSequence, long beforeSequence = long.MaxValue)
    {
        RoomChannel? channel;
        lock (_channelsLock)
        {
            _channels.TryGetValue(roomId, out channel);
        }

        // A catch-up (no upper end) always reads the store: it runs because events may be missing from the window too.
        if (beforeSequence != long.MaxValue && channel?.Window is { } window && window.Covers(afterSequence + 1, beforeSequence - 1))
        {
            return window.Between(afterSequence, beforeSequence);
        }

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
        IDisposable? busSubscription = null;
        RoomChannel? channel;
        lock (_channelsLock)
        {
            if (!_channels.TryGetValue(subscription.RoomId, out channel))
            {
                return;
            }

            channel.Subscribers = channel.Subscribers.Remove(subscription);
            // The public room stays warm; any other room lets go of its window once nobody here has it open.
            if (channel.Subscribers.IsEmpty && channel.RoomId != Room.PublicRoomId)
            {
                _channels.Remove(channel.RoomId);
                busSubscription = channel.BusSubscription;
            }
        }

        busSubscription?.Dispose();
        if (busSubscription is not null)
        {
            channel.TypingTimer?.Dispose();
        }
    }

    public void Dispose()
    {
        _bus.Resumed -= CatchUp;
        lock (_channelsLock)
        {
            foreach (var channel in _channels.Values)
            {
                channel.BusSubscription?.Dispose();
                channel.TypingTimer?.Dispose();
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
            MessageWindow? before;
            lock (channel.WindowLock)
            {
                before = channel.Window;
                channel.Window = null;
            }

            foreach (var subscriber in channel.Subscribers)
            {
                subscriber.Post(new MissedEventsCheck(channel.RoomId));
            }

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
            var now = await GetWindowAsync(channel, CancellationToken.None);
            foreach (var change in before.ChangesIn(now))
            {
                foreach (var subscriber in channel.Subscribers)
                {
                    subscriber.Post(change);
                }
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
                channel = new RoomChannel(subscription.RoomId);
                channel.BusSubscription = _bus.Subscribe<RoomEvent>(channel.Topic, e => OnRoomEvent(channel, e));
                _channels.Add(channel.RoomId, channel);
            }

            channel.Subscribers = channel.Subscribers.Add(subscription);
            return channel;
        }
    }

    // Runs on the publisher's thread: updates the shared window and queues the event for each circuit, nothing more.
    private void OnRoomEvent(RoomChannel channel, RoomEvent roomEvent)
    {
        if (roomEvent is UserTyping typing)
        {
            QueueTyping(channel, typing);
            return;
        }

        if (roomEvent is AuthorChanged author)
        {
            lock (channel.WindowLock)
            {
                channel.Window = channel.Window?.WithAuthor(author);
            }
        }
        else if (((roomEvent as MessageEdited)?.Message ?? (roomEvent as MessageDeleted)?.Message) is { } changed)
        {
            lock (channel.WindowLock)
            {
                channel.Window = channel.Window?.Replace(changed);
            }
        }
        else if (roomEvent is MessagePosted posted)
        {
            lock (channel.WindowLock)
            {
                if (channel.Window is { } window)
                {
                    var sequence = posted.Message.Sequence;
                    if (sequence == window.LastSequence + 1)
                    {
                        channel.Window = window.Append(posted.Message);
                    }
                    else if (sequence > window.LastSequence + 1)
                    {
                        // An event went missing on the way here: load the window afresh when it is next needed.
                        channel.Window = null;
                    }
                }
            }

            // Whoever sent is no longer typing: a notice still waiting here would show them typing after their message.
            lock (channel.TypingLock)
            {
                channel.TypingPending.Remove(posted.Message.AuthorId);
            }
        }

        foreach (var subscriber in channel.Subscribers)
        {
            subscriber.Post(roomEvent);
        }
    }

    // A typing notice waits TypingNoticeDelay, and at least until the room's interval is up; notices arriving meanwhile
    // gather (one per person, the newest) and go out together.
    private void QueueTyping(RoomChannel channel, UserTyping typing)
    {
        lock (channel.TypingLock)
        {
            channel.TypingPending[typing.UserId] = typing;
            if (channel.TypingFlushArmed)
            {
                return;
            }

            var sinceLast = channel.TypingSentAt == 0 ? TypingNoticesEvery : _time.GetElapsedTime(channel.TypingSentAt);
            var wait = TimeSpan.FromTicks(Math.Max(TypingNoticeDelay.Ticks, (TypingNoticesEvery - sinceLast).Ticks));
            channel.TypingFlushArmed = true;
            channel.TypingTimer ??= _time.CreateTimer(state => FlushTyping((RoomChannel)state!), channel, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            channel.TypingTimer.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }

    private void FlushTyping(RoomChannel channel)
    {
        UserTyping[] due;
        lock (channel.TypingLock)
        {
            channel.TypingFlushArmed = false;
            due = TakeTyping(channel);
        }

        PostTyping(channel, due);
    }

    private UserTyping[] TakeTyping(RoomChannel channel)
    {
        if (channel.TypingPending.Count == 0)
        {
            return [];
        }

        UserTyping[] due = [.. channel.TypingPending.Values];
        channel.TypingPending.Clear();
        channel.TypingSentAt = _time.GetTimestamp();
        return due;
    }

    private static void PostTyping(RoomChannel channel, UserTyping[] due)
    {
        if (due.Length == 0)
        {
            return;
        }

        foreach (var subscriber in channel.Subscribers)
        {
            subscriber.Post(due);
        }
    }

    private async Task<MessageWindow> GetWindowAsync(RoomChannel channel, CancellationToken cancellationToken)
    {
        if (channel.Window is { } ready)
        {
            return ready;
        }

        await channel.LoadLock.WaitAsync(cancellationToken);
        try
        {
            if (channel.Window is { } loadedMeanwhile)
            {
                return loadedMeanwhile;
            }

            var loaded = new MessageWindow([.. await _store.LatestAsync(channel.RoomId, WindowSize, cancellationToken)]);
            lock (channel.WindowLock)
            {
                // Messages published while loading were ignored by the window; if one arrived, the next gap check reloads.
                channel.Window ??= loaded;
                return channel.Window;
            }
        }
        finally
        {
            channel.LoadLock.Release();
        }
    }

    private sealed class RoomChannel(long roomId)
    {
        public long RoomId { get; } = roomId;
        public string Topic { get; } = EventTopics.Room(roomId);
        public IDisposable? BusSubscription { get; set; }
        public ImmutableArray<RoomSubscription> Subscribers { get; set; } = [];
        public Lock WindowLock { get; } = new();
        public SemaphoreSlim LoadLock { get; } = new(1, 1);
        public volatile MessageWindow? Window;

        // Typing notices waiting for the room's next turn (TypingNoticesEvery), the newest per person.
        public Lock TypingLock { get; } = new();
        public Dictionary<long, UserTyping> TypingPending { get; } = [];
        public long TypingSentAt { get; set; }
        public bool TypingFlushArmed { get; set; }
        public ITimer? TypingTimer { get; set; }
    }
}

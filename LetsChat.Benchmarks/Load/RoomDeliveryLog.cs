using System.Diagnostics;
using System.Text;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// Who saw which message when, for one kind of room in the day: unlike the fan-out's log, each message has its own
/// audience (the tabs showing its room when it was sent, but not the tab it was typed in). A sighting by a tab outside
/// the audience is a message shown where it must not be; a second sighting is a duplicate unless the message was
/// reacted to since (a reaction re-renders its row).
/// </summary>
public sealed class RoomDeliveryLog
{
    private readonly int[][] _audience;
    private readonly long[][] _latencies;
    private readonly int[][] _seen;
    private readonly long[] _sentAt;
    private readonly int[] _rooms;
    private readonly int[] _reacted;
    private readonly int[] _senderTabs;
    private int _registered;
    private int _sent;
    private long _delivered;
    private long _duplicated;
    private long _misdelivered;

    public RoomDeliveryLog(DayRoomKind kind, string prefix, int capacity)
    {
        Kind = kind;
        Prefix = prefix;
        PrefixBytes = Encoding.UTF8.GetBytes(prefix);
        _audience = new int[capacity][];
        _latencies = new long[capacity][];
        _seen = new int[capacity][];
        _sentAt = new long[capacity];
        _rooms = new int[capacity];
        _reacted = new int[capacity];
        _senderTabs = new int[capacity];
    }

    public DayRoomKind Kind { get; }

    public string Prefix { get; }

    public byte[] PrefixBytes { get; }

    public int Capacity => _sentAt.Length;

    public int SentCount => Volatile.Read(ref _sent);

    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Deliveries owed for the messages sent so far.</summary>
    public long Expected { get; private set; }

    /// <summary>
    /// Deliveries owed and not yet made, message by message, leaving out the sends <see cref="CheckStoredAsync"/> found
    /// refused. Unlike <see cref="Expected"/> less <see cref="Delivered"/>, not fooled by a message whose send timed out
    /// in the client but that the server stored and delivered.
    /// </summary>
    public long Missing
    {
        get
        {
            long missing = 0;
            for (var k = 0; k < Math.Min(Capacity, Volatile.Read(ref _registered)); k++)
            {
                if (Volatile.Read(ref _sentAt[k]) != 0 && !_notStored.Contains(k))
                {
                    missing += _seen[k].Count(seen => seen == 0);
                }
            }

            return missing;
        }
    }

    private readonly Lock _expectedLock = new();

    /// <summary>
    /// Takes the next message number for a message typed in tab <paramref name="sender"/> to <paramref name="room"/>,
    /// owed to <paramref name="audience"/>; -1 when the log is full.
    /// </summary>
    public int Register(int room, int sender, IEnumerable<int> audience)
    {
        var k = Interlocked.Increment(ref _registered) - 1;
        if (k >= Capacity)
        {
            return -1;
        }

        var tabs = audience.Order().ToArray();
        _rooms[k] = room;
        _senderTabs[k] = sender;
        _latencies[k] = new long[tabs.Length];
        _seen[k] = new int[tabs.Length];
        Volatile.Write(ref _audience[k], tabs);
        return k;
    }

    public string Body(int message) => $"{Prefix}{message}";

    public int RoomOf(int message) => _rooms[message];

    public void Sent(int message)
    {
        _sentAt[message] = Stopwatch.GetTimestamp();
        lock (_expectedLock)
        {
            Expected += _audience[message].Length;
        }

        Interlocked.Increment(ref _sent);
    }

    /// <summary>When message <paramref name="message"/> left its sender (Stopwatch ticks; 0 if it has not).</summary>
    public long SentAt(int message) => message < Capacity ? Volatile.Read(ref _sentAt[message]) : 0;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, List<(int Message, long At)>> _acted = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(int Message, int Tab)> _duplicates = new();

    /// <summary>
    /// Tab <paramref name="tab"/> reacted to message <paramref name="message"/>: that row turns from shared markup into
    /// the reader's own row, and the rows after it in its block are sent again (Blazor's diff cannot match unkeyed
    /// markup after a keyed row) whenever the change renders, seconds later in a tab that lags. Not a duplicate on
    /// screen, for the later messages of the room already shown there.
    /// </summary>
    public void Acted(int tab, int message)
    {
        var acts = _acted.GetOrAdd(tab, _ => []);
        lock (acts)
        {
            acts.Add((message, Stopwatch.GetTimestamp()));
        }
    }

    private bool ResentAfterReaction(int tab, int message, long now)
    {
        if (!_acted.TryGetValue(tab, out var acts))
        {
            return false;
        }

        lock (acts)
        {
            return acts.Exists(a => a.At <= now && a.Message <= message && _rooms[a.Message] == _rooms[message]);
        }
    }

    /// <summary>A reaction to the message is on its way: its row will be rendered again.</summary>
    public void Reacted(int message) => Volatile.Write(ref _reacted[message], 1);

    public void Seen(int tab, long message)
    {
        var now = Stopwatch.GetTimestamp();
        if (message < 0 || message >= Capacity || Volatile.Read(ref _audience[message]) is not { } audience)
        {
            Interlocked.Increment(ref _misdelivered);
            return;
        }

        var at = Array.BinarySearch(audience, tab);
        if (at < 0)
        {
            // The sender's own tab renders its message too; anyone else outside the audience must not see it.
            if (!IsSenderTab(message, tab))
            {
                Interlocked.Increment(ref _misdelivered);
            }

            return;
        }

        var times = Interlocked.Increment(ref _seen[message][at]);
        if (times == 1)
        {
            _latencies[message][at] = now - _sentAt[message];
            Interlocked.Increment(ref _delivered);
        }
        else if (Volatile.Read(ref _reacted[message]) == 0 && !ResentAfterReaction(tab, (int)message, now))
        {
            Interlocked.Increment(ref _duplicated);
            _duplicates.Enqueue(((int)message, tab));
        }
    }

    private bool IsSenderTab(long message, int tab) => _senderTabs[message] == tab;

    private readonly HashSet<int> _notStored = [];

    /// <summary>
    /// Asks the store about each sent message a tab has still not rendered: one the server never stored was refused
    /// (its send failed, and the sender's composer said so) and is owed to nobody; one it stored is lost.
    /// </summary>
    public async Task CheckStoredAsync(Func<string, Task<long?>> messageId)
    {
        for (var k = 0; k < Math.Min(Capacity, Volatile.Read(ref _registered)); k++)
        {
            if (_sentAt[k] != 0 && _seen[k].Any(seen => seen == 0) && await messageId(Body(k) + " ") is null)
            {
                _notStored.Add(k);
            }
        }
    }

    /// <summary>
    /// Where the lost deliveries are, to tell a benchmark's slow tail from a real loss: a hole is a message a tab never
    /// rendered though it rendered a later message of the same room; null when nothing was lost.
    /// </summary>
    public string? DescribeLost()
    {
        var registered = Math.Min(Capacity, Volatile.Read(ref _registered));
        var lost = new List<(int Message, int Tab)>();
        for (var k = 0; k < registered; k++)
        {
            if (_sentAt[k] != 0 && !_notStored.Contains(k))
            {
                lost.AddRange(_audience[k].Where((_, i) => _seen[k][i] == 0).Select(tab => (k, tab)));
            }
        }

        if (lost.Count == 0)
        {
            return null;
        }

        var holes = lost.Count(l => Enumerable.Range(l.Message + 1, registered - l.Message - 1)
            .Any(later => _rooms[later] == _rooms[l.Message] && Array.BinarySearch(_audience[later], l.Tab) is var at and >= 0 && _seen[later][at] > 0));
        var newest = lost.Max(l => _sentAt[l.Message]);
        return $"{Kind}: {lost.Count:N0} lost in {lost.Select(l => l.Message).Distinct().Count():N0} messages of "
            + $"{lost.Select(l => _rooms[l.Message]).Distinct().Count():N0} rooms, {lost.Select(l => l.Tab).Distinct().Count():N0} tabs; "
            + $"{holes:N0} holes (a later message of the room was rendered); the newest sent {Stopwatch.GetElapsedTime(newest).TotalSeconds:N0} s ago";
    }

    /// <summary>Which tabs rendered a message twice: whether they had sent in its room, and whether they had reacted; null when none did.</summary>
    public string? DescribeDuplicates()
    {
        var duplicates = _duplicates.ToArray();
        if (duplicates.Length == 0)
        {
            return null;
        }

        var registered = Math.Min(Capacity, Volatile.Read(ref _registered));
        var speakers = Enumerable.Range(0, registered).Select(k => (_rooms[k], _senderTabs[k])).ToHashSet();
        var bySpeakers = duplicates.Count(d => speakers.Contains((_rooms[d.Message], d.Tab)));
        return $"{Kind}: {duplicates.Length:N0} duplicated in {duplicates.Select(d => d.Message).Distinct().Count():N0} messages, "
            + $"{duplicates.Select(d => d.Tab).Distinct().Count():N0} tabs; {bySpeakers:N0} in tabs that sent in the room, "
            + $"{duplicates.Count(d => _acted.ContainsKey(d.Tab)):N0} in tabs that reacted";
    }

    public DayDelivery Summarize(double sendSeconds)
    {
        var sent = SentCount;
        var latencies = new List<double>((int)Math.Min(int.MaxValue, Delivered));
        long lost = 0, expected = 0;
        for (var k = 0; k < Math.Min(Capacity, Volatile.Read(ref _registered)); k++)
        {
            if (_sentAt[k] == 0 || _notStored.Contains(k))
            {
                continue;
            }

            for (var i = 0; i < _audience[k].Length; i++)
            {
                expected++;
                if (_seen[k][i] == 0)
                {
                    lost++;
                }
                else
                {
                    latencies.Add(Stopwatch.GetElapsedTime(0, _latencies[k][i]).TotalMilliseconds);
                }
            }
        }

        var p = Percentiles.Of(latencies);
        return new DayDelivery(Kind, sent, sendSeconds <= 0 ? 0 : sent / sendSeconds, expected, latencies.Count, lost, Interlocked.Read(ref _duplicated),
            Interlocked.Read(ref _misdelivered), p.P50, p.P95, p.P99, p.Max, _notStored.Count);
    }
}

/// <summary>One kind of room over the day: messages, deliveries owed and made, and send-to-render percentiles (ms).</summary>
/// <param name="Misdelivered">Rendered in a tab that does not show the message's room: must be 0.</param>
/// <param name="NotStored">Sent but refused by the server (not in the store after the day): owed to nobody, not lost.</param>
public sealed record DayDelivery(
    DayRoomKind Kind, int Messages, double AchievedRate, long Expected, long Delivered, long Lost, long Duplicated, long Misdelivered,
    double P50, double P95, double P99, double Max, int NotStored);

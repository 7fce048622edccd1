using System.Diagnostics;
using System.Text;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// Who saw which message when, for one step of a fan-out run. Every message body is a unique token (the step's
/// prefix and the message's number); a watcher notices a message when the render batch (or hub message) carrying
/// that token arrives, and each watcher should notice each message exactly once.
/// </summary>
public sealed class DeliveryLog
{
    private readonly long[] _sentAt;
    private readonly int[] _seen;
    private readonly long[] _latencies; // per watcher and message, in Stopwatch ticks: [watcher * Messages + message]
    private int _latencyCount;
    private long _unexpected;
    private readonly System.Collections.Concurrent.ConcurrentQueue<(int Watcher, long From, long To)> _skipped = new();

    /// <param name="first">The token number of this log's message 0: a reaction step watches for earlier messages' tokens.</param>
    public DeliveryLog(string prefix, int watchers, int messages, int first = 0)
    {
        Prefix = prefix;
        First = first;
        PrefixBytes = Encoding.UTF8.GetBytes(prefix);
        Watchers = watchers;
        Messages = messages;
        _sentAt = new long[messages];
        _seen = new int[watchers * messages];
        _latencies = new long[watchers * messages];
    }

    public string Prefix { get; }

    public int First { get; }

    public byte[] PrefixBytes { get; }

    public int Watchers { get; }

    public int Messages { get; }

    public int SentCount => _sentCount;

    private int _sentCount;

    public string Body(int message) => $"{Prefix}{First + message}";

    public void Sent(int message)
    {
        _sentAt[message] = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _sentCount);
    }

    public void Seen(int watcher, long message)
    {
        var now = Stopwatch.GetTimestamp();
        message -= First;
        if (message < 0 || message >= Messages || watcher < 0 || watcher >= Watchers)
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }

        var slot = (watcher * Messages) + (int)message;
        var times = Interlocked.Increment(ref _seen[slot]);
        if (times == 1 && _sentAt[message] is var sent and > 0)
        {
            _latencies[slot] = now - sent;
            Interlocked.Increment(ref _latencyCount);
        }
    }

    /// <summary>A watcher's list showed a marker over the room's sequence numbers "from-to" it jumped past.</summary>
    public void Skipped(int watcher, string range)
    {
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && long.TryParse(range.AsSpan(0, dash), out var from) && long.TryParse(range.AsSpan(dash + 1), out var to))
        {
            _skipped.Enqueue((watcher, from, to));
        }
    }

    /// <summary>Seen so far (first sightings).</summary>
    public long Delivered => Volatile.Read(ref _latencyCount);

    public long Expected => (long)Watchers * SentCount;

    /// <param name="messageAt">Which of this step's messages has each room sequence number (from the database), to
    /// count the messages a watcher never rendered but showed a marker for.</param>
    public DeliverySummary Summarize(IReadOnlyDictionary<long, int>? messageAt = null)
    {
        var behindMarker = new HashSet<int>();
        foreach (var (watcher, from, to) in _skipped)
        {
            for (var sequence = from; messageAt is not null && sequence <= to; sequence++)
            {
                if (messageAt.TryGetValue(sequence, out var message) && _seen[(watcher * Messages) + message] == 0)
                {
                    behindMarker.Add((watcher * Messages) + message);
                }
            }
        }

        long unique = 0, duplicated = 0;
        foreach (var count in _seen)
        {
            if (count > 0)
            {
                unique++;
                duplicated += count - 1;
            }
        }

        var latencies = new long[Volatile.Read(ref _latencyCount)];
        var found = 0;
        for (var slot = 0; slot < _latencies.Length && found < latencies.Length; slot++)
        {
            if (_latencies[slot] > 0)
            {
                latencies[found++] = _latencies[slot];
            }
        }

        Array.Resize(ref latencies, found);
        Array.Sort(latencies);
        double Percentile(double p) => latencies.Length == 0 ? double.NaN
            : Stopwatch.GetElapsedTime(0, latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)]).TotalMilliseconds;
        return new DeliverySummary(Expected, unique, behindMarker.Count, Expected - unique - behindMarker.Count, duplicated + _unexpected,
            Percentile(0.50), Percentile(0.95), Percentile(0.99), Percentile(1.0));
    }

    /// <summary>Each first sighting's delay in milliseconds, to pool several logs' deliveries into one distribution.</summary>
    public IEnumerable<double> LatenciesMilliseconds() =>
        _latencies.Where(t => t > 0).Select(t => Stopwatch.GetElapsedTime(0, t).TotalMilliseconds);

    /// <summary>
    /// One line per message: when it was sent (ms after the first) and its first, median and last delivery (ms). A GC
    /// pause shows as a few messages delivered late to everyone; a slow fan-out as a late last delivery for all.
    /// </summary>
    public void WritePerMessage(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("message\tsent ms\tfirst ms\tmedian ms\tlast ms");
        var times = new double[Watchers];
        for (var message = 0; message < SentCount; message++)
        {
            var seen = 0;
            for (var watcher = 0; watcher < Watchers; watcher++)
            {
                if (_latencies[(watcher * Messages) + message] is > 0 and var ticks)
                {
                    times[seen++] = Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds;
                }
            }

            Array.Sort(times, 0, seen);
            var sent = Stopwatch.GetElapsedTime(_sentAt[0], _sentAt[message]).TotalMilliseconds;
            writer.WriteLine(seen == 0
                ? FormattableString.Invariant($"{message}\t{sent:F1}\t\t\t")
                : FormattableString.Invariant($"{message}\t{sent:F1}\t{times[0]:F1}\t{times[seen / 2]:F1}\t{times[seen - 1]:F1}"));
        }
    }
}

/// <param name="Delivered">Rendered by the watcher.</param>
/// <param name="BehindMarker">Never rendered, but behind a "messages not shown" marker the watcher rendered.</param>
/// <param name="Lost">Never reached the watcher's screen in any form: must be 0.</param>
public sealed record DeliverySummary(long Expected, long Delivered, long BehindMarker, long Lost, long Duplicated, double P50, double P95, double P99, double Max);

using LetsChat.Components.Admin;

namespace LetsChat.Server.Metrics;

/// <summary>
/// Delivery latencies of the last few minutes, in 10-second slots of log-spaced counts, for the admin page's chart:
/// recording is two increments on shared arrays, and a percentile is read from the counts, not from a list of samples.
/// </summary>
public sealed class LatencyWindow(TimeProvider time)
{
    public static readonly TimeSpan SlotLength = TimeSpan.FromSeconds(10);
    public const int Slots = 30;

    // Bucket i holds latencies up to Bound(i): 1 ms, then 15 % wider each, to about 2 minutes.
    private const int Buckets = 84;
    private const double Growth = 1.15;

    private readonly Slot[] _slots = [.. Enumerable.Range(0, Slots).Select(_ => new Slot())];

    public void Record(TimeSpan latency)
    {
        var now = SlotNumber(time.GetUtcNow());
        var slot = _slots[now % Slots];
        if (Volatile.Read(ref slot.Number) != now)
        {
            slot.Reset(now);
        }

        var ms = Math.Max(latency.TotalMilliseconds, 0);
        var bucket = ms <= 1 ? 0 : Math.Min(Buckets - 1, (int)Math.Ceiling(Math.Log(ms) / Math.Log(Growth)));
        Interlocked.Increment(ref slot.Counts[bucket]);
    }

    /// <summary>p50 and p99 of each slot that saw deliveries, oldest first.</summary>
    public IReadOnlyList<LatencyPoint> Points()
    {
        var now = SlotNumber(time.GetUtcNow());
        List<LatencyPoint> points = [];
        for (var number = now - Slots + 1; number <= now; number++)
        {
            var slot = _slots[((number % Slots) + Slots) % Slots];
            if (Volatile.Read(ref slot.Number) != number)
            {
                continue;
            }

            var counts = slot.Counts.Select(c => (long)Volatile.Read(ref c)).ToArray();
            var total = counts.Sum();
            if (total > 0)
            {
                points.Add(new LatencyPoint(DateTimeOffset.UnixEpoch + (number * SlotLength), Percentile(counts, total, 0.50), Percentile(counts, total, 0.99), total));
            }
        }

        return points;
    }

    private static long SlotNumber(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks / SlotLength.Ticks;

    private static double Percentile(long[] counts, long total, double fraction)
    {
        var wanted = Math.Max(1, (long)Math.Ceiling(total * fraction));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= wanted)
            {
                return Math.Round(Math.Pow(Growth, i), 1);
            }
        }

        return Math.Round(Math.Pow(Growth, counts.Length - 1), 1);
    }

    private sealed class Slot
    {
        public long Number = -1;
        public readonly int[] Counts = new int[Buckets];
        private readonly Lock _lock = new();

        public void Reset(long number)
        {
            lock (_lock)
            {
                if (Volatile.Read(ref Number) == number)
                {
                    return;
                }

                Array.Clear(Counts);
                Volatile.Write(ref Number, number);
            }
        }
    }
}

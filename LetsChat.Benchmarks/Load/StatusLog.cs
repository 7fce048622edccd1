using System.Diagnostics;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// Friends' status changes over the day: when a comer goes online or offline, every tab of each of their friends owes
/// one change of that friend's dot in the room list (read by <see cref="RoomListDots"/>). A sighting names no person
/// to this log, so sightings are matched to what each tab is owed in order, oldest first, per direction.
/// </summary>
public sealed class StatusLog
{
    private readonly Queue<long>[] _owedOnline;
    private readonly Queue<long>[] _owedOffline;
    private readonly Lock[] _locks;
    private readonly List<double> _latencies = [];
    private readonly Lock _latenciesLock = new();
    private long _owed;
    private long _unowed;

    public StatusLog(int tabs)
    {
        _owedOnline = [.. Enumerable.Range(0, tabs).Select(_ => new Queue<long>())];
        _owedOffline = [.. Enumerable.Range(0, tabs).Select(_ => new Queue<long>())];
        _locks = [.. Enumerable.Range(0, tabs).Select(_ => new Lock())];
    }

    /// <summary>How long a change may take to reach a friend's screen.</summary>
    public static readonly TimeSpan Promptly = TimeSpan.FromSeconds(2);

    /// <summary>The friend on these tabs went online or offline at <paramref name="due"/> (Stopwatch ticks).</summary>
    public void Owe(IEnumerable<int> tabs, bool online, long due)
    {
        foreach (var tab in tabs)
        {
            lock (_locks[tab])
            {
                (online ? _owedOnline : _owedOffline)[tab].Enqueue(due);
            }

            Interlocked.Increment(ref _owed);
        }
    }

    /// <summary>A batch of tab <paramref name="tab"/> turned <paramref name="count"/> friends' dots online (or offline).</summary>
    public void Seen(int tab, bool online, int count)
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            long due;
            lock (_locks[tab])
            {
                if (!(online ? _owedOnline : _owedOffline)[tab].TryDequeue(out due))
                {
                    Interlocked.Increment(ref _unowed);
                    continue;
                }
            }

            // An offline change is owed when the grace period ends; the server's timer may fire a hair early.
            var milliseconds = Math.Max(0, Stopwatch.GetElapsedTime(due, now).TotalMilliseconds);
            lock (_latenciesLock)
            {
                _latencies.Add(milliseconds);
            }
        }
    }

    public DayStatus Summarize()
    {
        double[] latencies;
        lock (_latenciesLock)
        {
            latencies = [.. _latencies];
        }

        var p = Percentiles.Of(latencies);
        return new DayStatus(Interlocked.Read(ref _owed), latencies.Length, latencies.Count(ms => ms <= Promptly.TotalMilliseconds),
            Interlocked.Read(ref _unowed), p.P50, p.P99, p.Max);
    }
}

/// <param name="Owed">Status changes friends' tabs should show.</param>
/// <param name="Seen">Shown.</param>
/// <param name="Promptly">Shown within <see cref="StatusLog.Promptly"/>.</param>
/// <param name="Unowed">Dot changes no comer's coming or going explains: must be 0.</param>
public sealed record DayStatus(long Owed, long Seen, long Promptly, long Unowed, double P50, double P99, double Max);

using System.Diagnostics;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// Deliveries of one step across two instances: within one (sender and watcher on the same instance) beside across
/// (the message came through Redis), every delivery counted on both.
/// </summary>
public sealed record ScaleoutResult(
    int WatchersPerInstance, int TargetRate, double AchievedRate, int Messages, bool RedisRestarted,
    Percentiles Within, Percentiles Across, long Expected, long Delivered, long Lost, long Duplicated, long LateOverOneSecond);

public sealed record Percentiles(long Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.95), At(0.99), At(1.0));
    }
}

/// <summary>
/// Watchers in the public room on two instances, and senders on both: message k goes from instance k mod 2. Each
/// step keeps four logs, one per (sending instance, watching instance), whose bodies carry the sending instance.
/// </summary>
public sealed class ScaleoutRunner(Uri first, Uri second) : IAsyncDisposable
{
    private const int Instances = 2;
    private readonly Uri[] _servers = [first, second];
    private readonly List<IAsyncDisposable> _watchers = [];
    private readonly List<IMessageSender>[] _senders = [[], []];
    // [sending instance, watching instance], null between steps.
    private DeliveryLog?[,] _logs = new DeliveryLog?[Instances, Instances];
    private int _step;
    private int _watchersPerInstance;

    public async Task OpenAsync(int watchersPerInstance, int sendersPerInstance, Action<int>? progress, CancellationToken cancellationToken)
    {
        _watchersPerInstance = watchersPerInstance;
        var opened = 0;
        var slots = new IAsyncDisposable?[Instances * watchersPerInstance];
        await Parallel.ForAsync(0, slots.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            slots[i] = await OpenWatcherAsync(i / watchersPerInstance, i % watchersPerInstance, ct);
            progress?.Invoke(Interlocked.Increment(ref opened));
        });
        _watchers.AddRange(slots!);
        for (var instance = 0; instance < Instances; instance++)
        {
            var target = new LetsChatTarget(_servers[instance]);
            for (var s = 0; s < sendersPerInstance; s++)
            {
                // Distinct people on each instance: sender numbers 0.. on the first, 1000.. on the second.
                _senders[instance].Add(await target.OpenSenderAsync((instance * 1000) + s, cancellationToken));
            }
        }
    }

    private async Task<IAsyncDisposable> OpenWatcherAsync(int instance, int watcher, CancellationToken cancellationToken)
    {
        var user = await SimulatedUser.SignInAsync(_servers[instance], $"Watcher {(instance == 0 ? 'A' : 'B')} {watcher}", cancellationToken);
        var circuit = await BlazorCircuit.OpenAsync(user, "/chat", (_, batch) =>
        {
            for (var from = 0; from < Instances; from++)
            {
                if (Volatile.Read(ref _logs)[from, instance] is { } log)
                {
                    RenderBatchReader.FindNumberedStrings(batch.Span, log.PrefixBytes, n => log.Seen(watcher, n));
                }
            }
        }, cancellationToken);
        circuit.StopWatchingHandlers();
        return new Owned(circuit, user);
    }

    /// <summary>
    /// Posts <paramref name="messages"/> at <paramref name="rate"/> per second from both instances, runs
    /// <paramref name="meanwhile"/> beside the senders (a Redis restart), and waits for every delivery.
    /// </summary>
    public async Task<ScaleoutResult> RunStepAsync(int rate, int messages, Func<CancellationToken, Task>? meanwhile, CancellationToken cancellationToken)
    {
        var step = ++_step;
        var perInstance = (messages + 1) / Instances;
        var logs = new DeliveryLog?[Instances, Instances];
        for (var from = 0; from < Instances; from++)
        {
            for (var to = 0; to < Instances; to++)
            {
                logs[from, to] = new DeliveryLog($"lcs{step}{(char)('a' + from)}x", _watchersPerInstance, perInstance);
            }
        }

        Volatile.Write(ref _logs, logs);
        var clock = Stopwatch.StartNew();
        var failures = 0;
        var sendersPerInstance = Math.Min(_senders[0].Count, Math.Max(1, (int)Math.Ceiling(rate / 2.5 / Instances)));
        var background = meanwhile?.Invoke(cancellationToken) ?? Task.CompletedTask;
        await Task.WhenAll(Enumerable.Range(0, Instances * sendersPerInstance).Select(async lane =>
        {
            var (from, sender) = (lane % Instances, lane / Instances);
            // Message k (overall) goes from instance k mod 2; it is number k / 2 in that instance's logs.
            for (var k = lane; k < perInstance * Instances; k += Instances * sendersPerInstance)
            {
                var due = TimeSpan.FromSeconds((double)k / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }

                var number = k / Instances;
                try
                {
                    await _senders[from][sender].SendAsync(logs[from, 0]!.Body(number), () =>
                    {
                        logs[from, 0]!.Sent(number);
                        logs[from, 1]!.Sent(number);
                    }, cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var sendSeconds = clock.Elapsed.TotalSeconds;
        await background;
        var all = Enumerable.Range(0, Instances * Instances).Select(i => logs[i / Instances, i % Instances]!).ToList();
        await DeliveryDrain.WaitAsync(() => all.Sum(l => l.Delivered), () => all.Sum(l => l.Expected), TimeSpan.FromSeconds(20), cancellationToken);
        Volatile.Write(ref _logs, new DeliveryLog?[Instances, Instances]);
        var summaries = all.Select(l => l.Summarize()).ToList();
        var within = Percentiles.Of(logs[0, 0]!.LatenciesMilliseconds().Concat(logs[1, 1]!.LatenciesMilliseconds()));
        var across = Percentiles.Of(logs[0, 1]!.LatenciesMilliseconds().Concat(logs[1, 0]!.LatenciesMilliseconds()));
        var late = all.Sum(l => l.LatenciesMilliseconds().LongCount(ms => ms > 1000));
        var sent = all.Sum(l => l.SentCount) / Instances;
        return new ScaleoutResult(_watchersPerInstance, rate, sent / sendSeconds, perInstance * Instances, meanwhile is not null, within, across,
            summaries.Sum(s => s.Expected), summaries.Sum(s => s.Delivered), summaries.Sum(s => s.Lost) + ((long)failures * _watchers.Count),
            summaries.Sum(s => s.Duplicated), late);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders.SelectMany(s => s))
        {
            await sender.DisposeAsync();
        }

        await Parallel.ForEachAsync(_watchers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (w, _) => await w.DisposeAsync());
        _watchers.Clear();
    }

    private sealed class Owned(BlazorCircuit circuit, SimulatedUser user) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await circuit.DisposeAsync();
            user.Dispose();
        }
    }
}

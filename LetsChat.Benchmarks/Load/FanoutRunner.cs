using System.Diagnostics;
using LetsChat.Benchmarks.Hosting;

namespace LetsChat.Benchmarks.Load;

/// <summary>One rate tried in a fan-out run.</summary>
public sealed record FanoutResult(
    string System, int Watchers, int TargetRate, double AchievedRate, int Messages, DeliverySummary Delivery,
    double ServerCpuSeconds, double ServerCpuMicrosecondsPerDelivery, double ServerKilobytesAllocatedPerDelivery = double.NaN, int ServerCollections = 0,
    double ServerGcPauseMilliseconds = double.NaN, double ClientGcPauseMilliseconds = double.NaN)
{
    /// <summary>Held: everything delivered once, p99 under a second, and the senders kept (nearly) to the rate.</summary>
    public bool Held => Delivery.Lost == 0 && Delivery.Duplicated == 0 && Delivery.P99 < 1000 && AchievedRate >= TargetRate * 0.9;
}

/// <summary>
/// Opens watchers and senders on a target (bounded counts, a few at a time), then posts at given rates: message k
/// is due at k / rate seconds, by sender k mod S, each sender posting one message after another as a person would.
/// </summary>
public sealed class FanoutRunner : IAsyncDisposable
{
    private readonly ILoadTarget _target;
    private readonly ServerProcess? _server;
    private readonly List<IAsyncDisposable> _watchers = [];
    private readonly List<IMessageSender> _senders = [];
    private DeliveryLog? _log;
    private int _step;

    public FanoutRunner(ILoadTarget target, ServerProcess? server)
    {
        _target = target;
        _server = server;
    }

    public const int MaxWatchers = 5000;
    public const int MaxSenders = 100;

    public int WatcherCount => _watchers.Count;

    public int SenderCount => _senders.Count;

    /// <summary>Opens watchers and senders, <paramref name="parallel"/> at a time.</summary>
    public async Task OpenAsync(int watchers, int senders, int parallel, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(watchers, MaxWatchers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(senders, MaxSenders);
        var opened = 0;
        var watcherSlots = new IAsyncDisposable?[watchers];
        await Parallel.ForAsync(0, watchers, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            watcherSlots[i] = await _target.OpenWatcherAsync(i, () => Volatile.Read(ref _log), ct);
            progress?.Invoke(Interlocked.Increment(ref opened));
        });
        _watchers.AddRange(watcherSlots!);
        var senderSlots = new IMessageSender?[senders];
        await Parallel.ForAsync(0, senders, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            senderSlots[i] = await _target.OpenSenderAsync(i, ct);
        });
        _senders.AddRange(senderSlots!);
    }

    /// <summary>Posts <paramref name="messages"/> messages at <paramref name="rate"/> per second and waits for every delivery (or a timeout).</summary>
    public async Task<FanoutResult> RunStepAsync(int rate, int messages, CancellationToken cancellationToken)
    {
        var step = ++_step;
        var log = new DeliveryLog($"lcb{step}x", _watchers.Count, messages);
        _lastMessages = log;
        return await RunAsync(_target.Name, log, rate, messages, (sender, k, sending, ct) => sender.SendAsync(log.Body(k), sending, ct), cancellationToken);
    }

    /// <summary>
    /// Reacts to the newest <paramref name="reactions"/> messages of the last message step, one reaction each, at
    /// <paramref name="rate"/> per second: a reaction is delivered when a watcher's batch carries its message's row again.
    /// </summary>
    public async Task<FanoutResult> RunReactionStepAsync(int rate, int reactions, CancellationToken cancellationToken)
    {
        var messages = _lastMessages ?? throw new InvalidOperationException("Reactions need messages: run a message step first.");
        reactions = Math.Min(reactions, messages.SentCount);
        var first = messages.First + messages.SentCount - reactions;
        var ids = await (_server ?? throw new InvalidOperationException("Reactions are measured on Let's Chat.")).MessageIdsAsync(messages.Prefix, [.. Enumerable.Range(first, reactions)]);
        ++_step;
        var log = new DeliveryLog(messages.Prefix, _watchers.Count, reactions, first);
        return await RunAsync(_target.Name + " reactions", log, rate, reactions, (sender, k, sending, ct) => sender.ReactAsync(ids[k], "👍", sending, ct), cancellationToken);
    }

    private DeliveryLog? _lastMessages;

    private async Task<FanoutResult> RunAsync(
        string system, DeliveryLog log, int rate, int messages, Func<IMessageSender, int, Action, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var step = _step;
        Volatile.Write(ref _log, log);
        var before = _server is null ? null : await _server.StatsAsync(collect: false);
        var clientPausedBefore = GC.GetTotalPauseDuration();
        // One sender per 2.5 messages/s: a busy room is many people each sending now and then, not a few sending fast.
        var senders = Math.Min(_senders.Count, Math.Max(1, (int)Math.Ceiling(rate / 2.5)));
        var clock = Stopwatch.StartNew();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(async s =>
        {
            for (var k = s; k < messages; k += senders)
            {
                var due = TimeSpan.FromSeconds((double)k / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }

                var message = k;
                try
                {
                    await send(_senders[s], message, () => log.Sent(message), cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var sendSeconds = clock.Elapsed.TotalSeconds;

        await DeliveryDrain.WaitAsync(() => log.Delivered, () => log.Expected, TimeSpan.FromSeconds(15), cancellationToken);
        var after = _server is null ? null : await _server.StatsAsync(collect: false);
        Volatile.Write(ref _log, null);
        var summary = log.Summarize(_server is null || log.First > 0 ? null : await _server.MessageSequencesAsync(log.Prefix, messages));
        if (Environment.GetEnvironmentVariable("LETSCHAT_BENCH_PER_MESSAGE") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            log.WritePerMessage(Path.Combine(directory, $"{_target.Name.Replace(' ', '-').Replace("'", "")}-{_watchers.Count}w-{rate}msgs-step{step}.tsv"));
        }

        var cpu = before is null || after is null ? double.NaN : (after.CpuMilliseconds - before.CpuMilliseconds) / 1000;
        if (failures > 0)
        {
            summary = summary with { Lost = summary.Lost + ((long)failures * _watchers.Count) };
        }

        var allocated = before is null || after is null || summary.Delivered == 0 ? double.NaN : (after.AllocatedBytes - before.AllocatedBytes) / 1024.0 / summary.Delivered;
        return new FanoutResult(system, _watchers.Count, rate, log.SentCount / sendSeconds, messages, summary,
            cpu, summary.Delivered == 0 ? double.NaN : cpu * 1_000_000 / summary.Delivered, allocated,
            before is null || after is null ? 0 : after.Collections - before.Collections,
            before is null || after is null ? double.NaN : after.GcPauseMilliseconds - before.GcPauseMilliseconds,
            (GC.GetTotalPauseDuration() - clientPausedBefore).TotalMilliseconds);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sender in _senders)
        {
            await sender.DisposeAsync();
        }

        await Parallel.ForEachAsync(_watchers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (w, _) => await w.DisposeAsync());
        _senders.Clear();
        _watchers.Clear();
    }
}

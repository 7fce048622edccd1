using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Report;
using Spectre.Console;

namespace LetsChat.Benchmarks.Scenarios;

/// <summary>
/// W watchers in the public room while senders post through their composers at R messages/s; the time from each
/// send to each watcher's render batch, and every message counted: lost and duplicated must be 0. The baseline is
/// the same run, same client code, against a bare SignalR hub that stores each message in the same database.
/// </summary>
public static class FanoutScenario
{
    public const string LetsChat = "Let's Chat";
    public const string BareHub = "bare hub";

    /// <summary>Ceiling search: rates tried after the fixed ones, while the previous one held.</summary>
    private static readonly int[] CeilingRates = [250, 400, 600, 800, 1000];

    public static async Task RunAsync(string system, BenchOptions options, BenchResults results, CancellationToken cancellationToken)
    {
        foreach (var watchers in options.FanoutWatchers)
        {
            results.Fanout.AddRange(await RunWatchersAsync(system, watchers, options, cancellationToken));
        }

        Print(results.Fanout.Where(r => r.System.StartsWith(system, StringComparison.Ordinal)), $"fan-out: {system}");
    }

    // Warm-up rounds of three seconds at 20 messages/s, until one compiles fewer than QuietJit methods.
    private const int QuietJit = 25;

    public static async Task<List<FanoutResult>> RunWatchersAsync(string system, int watchers, BenchOptions options, CancellationToken cancellationToken)
    {
        await using var server = await ServerProcess.StartAsync(BenchHost.LetsChat);
        ILoadTarget target = system == LetsChat ? new LetsChatTarget(server.Address) : new BareHubTarget(server.Address);
        await using var runner = new FanoutRunner(target, server);
        var rows = new List<FanoutResult>();
        await AnsiConsole.Status().StartAsync($"fan-out: opening {watchers:N0} watchers on {system}", async status =>
        {
            await runner.OpenAsync(watchers, options.Senders, 8, n =>
            {
                if (n % 100 == 0)
                {
                    status.Status($"fan-out: {n:N0} of {watchers:N0} watchers open on {system}");
                }
            }, cancellationToken);
            // Unrecorded warm-up until the server's JIT is quiet: a live site has long since compiled its hot paths to
            // their final tier, and a step measured while the JIT still recompiles them measures the JIT.
            status.Status($"fan-out: {system}, {watchers:N0} watchers, warming up");
            await WarmUpAsync(runner, server, options.WarmUpRounds, cancellationToken);
            var rates = options.FanoutRates.ToList();
            for (var i = 0; i < rates.Count; i++)
            {
                var rate = rates[i];
                status.Status($"fan-out: {system}, {watchers:N0} watchers, {rate} messages/s");
                var row = await runner.RunStepAsync(rate, options.MessagesAt(rate), cancellationToken);
                rows.Add(row);
                var searching = options.SearchCeiling && i == rates.Count - 1 && row.Held;
                if (searching && CeilingRates.FirstOrDefault(r => r > rate) is > 0 and var next)
                {
                    rates.Add(next);
                }
            }

            // Reactions beside messages: the same watchers, each reaction re-rendering one row of every screen.
            if (system == LetsChat && options.ReactionRate > 0)
            {
                status.Status($"fan-out: {system}, {watchers:N0} watchers, {options.ReactionRate} reactions/s");
                rows.Add(await runner.RunReactionStepAsync(options.ReactionRate, options.MessagesAt(options.ReactionRate), cancellationToken));
            }

            // Between the highest rate that held and the lowest that did not, two halvings narrow the ceiling down.
            for (var halving = 0; options.SearchCeiling && halving < 2; halving++)
            {
                var held = rows.Where(r => r.Held).Select(r => r.TargetRate).DefaultIfEmpty(0).Max();
                var failed = rows.Where(r => !r.Held && r.TargetRate > held).Select(r => r.TargetRate).DefaultIfEmpty(0).Min();
                var middle = (held + failed) / 20 * 10;
                if (failed == 0 || middle <= held)
                {
                    break;
                }

                status.Status($"fan-out: {system}, {watchers:N0} watchers, {middle} messages/s");
                rows.Add(await runner.RunStepAsync(middle, options.MessagesAt(middle), cancellationToken));
            }
        });
        return rows;
    }

    private static async Task WarmUpAsync(FanoutRunner runner, ServerProcess server, int rounds, CancellationToken cancellationToken)
    {
        var compiled = (await server.StatsAsync(collect: false)).JitCompiledMethods;
        for (var round = 0; round < rounds; round++)
        {
            await runner.RunStepAsync(20, 60, cancellationToken);
            var now = (await server.StatsAsync(collect: false)).JitCompiledMethods;
            if (now - compiled < QuietJit)
            {
                return;
            }

            compiled = now;
        }
    }

    public static void Print(IEnumerable<FanoutResult> rows, string title)
    {
        var table = new Table().Title(title);
        table.AddColumns("system", "watchers", "target msg/s", "achieved msg/s", "messages", "deliveries", "behind a marker", "never reached", "duplicated",
            "p50 ms", "p95 ms", "p99 ms", "max ms", "server CPU µs / delivery", "server KB allocated / delivery", "server GCs", "server GC pause ms", "client GC pause ms");
        foreach (var r in rows)
        {
            table.AddRow(r.System, r.Watchers.ToString("N0"), r.TargetRate.ToString("N0"), r.AchievedRate.ToString("N1"), r.Messages.ToString("N0"),
                r.Delivery.Delivered.ToString("N0"), r.Delivery.BehindMarker.ToString("N0"), r.Delivery.Lost.ToString("N0"), r.Delivery.Duplicated.ToString("N0"),
                r.Delivery.P50.ToString("N1"), r.Delivery.P95.ToString("N1"), r.Delivery.P99.ToString("N1"), r.Delivery.Max.ToString("N1"),
                r.ServerCpuMicrosecondsPerDelivery.ToString("N1"), r.ServerKilobytesAllocatedPerDelivery.ToString("N1"), r.ServerCollections.ToString("N0"),
                r.ServerGcPauseMilliseconds.ToString("N0"), r.ClientGcPauseMilliseconds.ToString("N0"));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The highest rate that held (everything delivered once, p99 under 1 s) for each watcher count.</summary>
    public static int Ceiling(IEnumerable<FanoutResult> rows) => rows.Where(r => r.Held).Select(r => r.TargetRate).DefaultIfEmpty(0).Max();

    public static void PrintComparison(BenchResults results)
    {
        var table = new Table().Title("baseline: Let's Chat / bare hub");
        table.AddColumns("watchers", "msg/s", "p99 Let's Chat", "p99 hub", "p99 ratio", "CPU µs/delivery Let's Chat", "hub", "CPU ratio");
        foreach (var ours in results.Fanout.Where(r => r.System == LetsChat))
        {
            if (results.Fanout.FirstOrDefault(h => h.System == BareHub && h.Watchers == ours.Watchers && h.TargetRate == ours.TargetRate) is { } hub)
            {
                table.AddRow(ours.Watchers.ToString("N0"), ours.TargetRate.ToString("N0"), $"{ours.Delivery.P99:N1}", $"{hub.Delivery.P99:N1}",
                    $"{ours.Delivery.P99 / hub.Delivery.P99:0.00}×", $"{ours.ServerCpuMicrosecondsPerDelivery:N1}", $"{hub.ServerCpuMicrosecondsPerDelivery:N1}",
                    $"{ours.ServerCpuMicrosecondsPerDelivery / hub.ServerCpuMicrosecondsPerDelivery:0.00}×");
            }
        }

        foreach (var watchers in results.Fanout.Select(r => r.Watchers).Distinct())
        {
            var ours = Ceiling(results.Fanout.Where(r => r.System == LetsChat && r.Watchers == watchers));
            var hub = Ceiling(results.Fanout.Where(r => r.System == BareHub && r.Watchers == watchers));
            table.AddRow(watchers.ToString("N0"), "ceiling", $"{ours:N0} msg/s", $"{hub:N0} msg/s", hub == 0 ? "-" : $"{(double)ours / hub:0.00}×", "", "", "");
        }

        AnsiConsole.Write(table);
    }
}

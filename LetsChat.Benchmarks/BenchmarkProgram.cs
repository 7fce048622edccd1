using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Report;
using LetsChat.Benchmarks.Scenarios;
using Spectre.Console;

namespace LetsChat.Benchmarks;

internal static class BenchmarkProgram
{
    private const string Usage = "usage: LetsChat.Benchmarks (idle | fanout | baseline | store | churn | uploads | search | scaleout | day | micro | all) [--quick] [--circuits 500,1000] [--watchers 100,1000] [--rates 5,20] [--publish]";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "host")
        {
            await BenchHost.RunAsync(args[1], args[2..]);
            return 0;
        }

        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 200;
        }

        if (args[0] == "micro")
        {
            Micro.MicroBenchmarks.Run(args[1..]);
            return 0;
        }

        var options = args.Contains("--quick") ? BenchOptions.Quick : BenchOptions.Full;
        options = Override(args, "--circuits", options, (o, v) => o with { IdleCircuits = v, Day = DaySize.Scaled(o.Day, v[^1]) });
        options = Override(args, "--watchers", options, (o, v) => o with { FanoutWatchers = v, ScaleoutWatchers = v[0] });
        options = Override(args, "--rates", options, (o, v) => o with { FanoutRates = v, ScaleoutRates = v, SearchCeiling = false });
        var results = new BenchResults();
        // Every run stops by itself: a bounded size, and a hard limit on top.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(90));
        var scenario = args[0];
        switch (scenario)
        {
            case "idle":
                await IdleScenario.RunAsync(options, results, limit.Token);
                break;
            case "fanout":
                await FanoutScenario.RunAsync(FanoutScenario.LetsChat, options, results, limit.Token);
                break;
            case "baseline":
                await FanoutScenario.RunAsync(FanoutScenario.LetsChat, options, results, limit.Token);
                await FanoutScenario.RunAsync(FanoutScenario.BareHub, options, results, limit.Token);
                FanoutScenario.PrintComparison(results);
                break;
            case "store":
                await StoreScenario.RunAsync(options, results, limit.Token);
                break;
            case "churn":
                await ChurnScenario.RunAsync(options, results, limit.Token);
                break;
            case "uploads":
                await UploadScenario.RunAsync(options, results, limit.Token);
                break;
            case "search":
                await SearchScenario.RunAsync(options, results, limit.Token);
                break;
            case "scaleout":
                await ScaleoutScenario.RunAsync(options, results, limit.Token);
                break;
            case "day":
                await DayScenario.RunAsync(options.Day, results, limit.Token);
                break;
            case "all":
                await IdleScenario.RunAsync(options, results, limit.Token);
                await FanoutScenario.RunAsync(FanoutScenario.LetsChat, options, results, limit.Token);
                await FanoutScenario.RunAsync(FanoutScenario.BareHub, options, results, limit.Token);
                FanoutScenario.PrintComparison(results);
                await StoreScenario.RunAsync(options, results, limit.Token);
                await ChurnScenario.RunAsync(options, results, limit.Token);
                await UploadScenario.RunAsync(options, results, limit.Token);
                await SearchScenario.RunAsync(options, results, limit.Token);
                await ScaleoutScenario.RunAsync(options, results, limit.Token);
                await DayScenario.RunAsync(options.Day, results, limit.Token);
                break;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }

        var report = PerformanceReport.Write(results, publish: scenario == "all" && options == BenchOptions.Full);
        AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{report}[/]");
        if (args.Contains("--publish") && scenario != "all" && options == BenchOptions.Full)
        {
            AnsiConsole.MarkupLineInterpolated($"Merged into [bold]{PerformanceReport.Merge(report, Path.Combine(PerformanceReport.RepositoryRoot(), "docs", "performance.md"), scenario, results.Started)}[/]");
        }
        return 0;
    }

    // "--watchers 100,1000" and the like, for a run of another size (never published as docs/performance.md).
    private static BenchOptions Override(string[] args, string name, BenchOptions options, Func<BenchOptions, int[], BenchOptions> apply)
    {
        var at = Array.IndexOf(args, name);
        return at < 0 || at + 1 >= args.Length
            ? options
            : apply(options, args[at + 1].Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
}

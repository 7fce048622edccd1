using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Report;
using Spectre.Console;

namespace LetsChat.Benchmarks.Scenarios;

/// <summary>
/// Two instances of Let's Chat on loopback sharing one PostgreSQL and one Redis, watchers in the public room on each
/// and senders on both: the delay to watchers on the sender's own instance beside the delay to the other's (through
/// Redis), at each rate; then a step during which Redis is killed and started again, which may make messages late
/// but must lose none (the instances reconcile from the database).
/// </summary>
public static class ScaleoutScenario
{
    /// <summary>How long Redis stays away in the restart step.</summary>
    public static readonly TimeSpan RedisDown = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(BenchOptions options, BenchResults results, CancellationToken cancellationToken)
    {
        if (!PostgresProcess.IsInstalled || !RedisProcess.IsInstalled)
        {
            results.Notes.Add("scaleout: skipped, PostgreSQL or Redis is not installed.");
            AnsiConsole.MarkupLine("[yellow]scaleout: skipped, PostgreSQL or Redis is not installed[/]");
            return;
        }

        await AnsiConsole.Status().StartAsync("scaleout: starting PostgreSQL, Redis and two instances", async status =>
        {
            results.Scaleout.AddRange(await MeasureAsync(options.ScaleoutWatchers, options.ScaleoutSenders, options.ScaleoutRates,
                options.MessagesAt, options.ScaleoutRedisRestart, s => status.Status($"scaleout: {s}"), cancellationToken));
        });
        Print(results.Scaleout);
    }

    /// <param name="messagesAt">Messages in a step at a rate.</param>
    /// <param name="restartRedis">Whether a last step, at the lowest rate, restarts Redis in its middle.</param>
    public static async Task<List<ScaleoutResult>> MeasureAsync(
        int watchersPerInstance, int sendersPerInstance, IReadOnlyList<int> rates, Func<int, int> messagesAt, bool restartRedis,
        Action<string> progress, CancellationToken cancellationToken)
    {
        await using var postgres = await PostgresProcess.StartAsync();
        await using var redis = await RedisProcess.StartAsync();
        var shared = new Dictionary<string, string> { ["ConnectionStrings:Redis"] = redis.ConnectionString };
        // One after the other, so that the first applies the migrations and the second finds them done.
        await using var first = await ServerProcess.StartAsync(BenchHost.LetsChat, postgres.ConnectionString, shared);
        await using var second = await ServerProcess.StartAsync(BenchHost.LetsChat, postgres.ConnectionString, shared);
        await using var runner = new ScaleoutRunner(first.Address, second.Address);
        var total = watchersPerInstance * 2;
        await runner.OpenAsync(watchersPerInstance, sendersPerInstance, n => progress($"{n:N0} of {total:N0} watchers open"), cancellationToken);
        var rows = new List<ScaleoutResult>();
        // Unrecorded warm-up: both instances compile their hot paths and open their Redis subscriptions.
        progress("warming up");
        await runner.RunStepAsync(rates[0], messagesAt(rates[0]), null, cancellationToken);
        foreach (var rate in rates)
        {
            progress($"{watchersPerInstance:N0} watchers on each instance, {rate} messages/s");
            rows.Add(await runner.RunStepAsync(rate, messagesAt(rate), null, cancellationToken));
        }

        if (restartRedis)
        {
            var rate = rates[0];
            var messages = messagesAt(rate);
            progress($"{rate} messages/s, Redis restarted in the middle");
            rows.Add(await runner.RunStepAsync(rate, messages, async ct =>
            {
                await Task.Delay(TimeSpan.FromSeconds(messages / 3.0 / rate), ct);
                await redis.StopAsync();
                await Task.Delay(RedisDown, ct);
                await redis.StartAgainAsync();
            }, cancellationToken));
        }

        return rows;
    }

    public static void Print(IEnumerable<ScaleoutResult> rows)
    {
        var table = new Table().Title("scale-out: two instances, PostgreSQL and Redis");
        table.AddColumns("watchers / instance", "msg/s", "achieved", "messages", "Redis", "deliveries", "lost", "duplicated",
            "within p50", "p95", "p99", "max", "across p50", "p95", "p99", "max", "late > 1 s");
        foreach (var r in rows)
        {
            table.AddRow(r.WatchersPerInstance.ToString("N0"), r.TargetRate.ToString("N0"), r.AchievedRate.ToString("N1"), r.Messages.ToString("N0"),
                r.RedisRestarted ? "restarted" : "up", $"{r.Delivered:N0} / {r.Expected:N0}", r.Lost.ToString("N0"), r.Duplicated.ToString("N0"),
                r.Within.P50.ToString("N1"), r.Within.P95.ToString("N1"), r.Within.P99.ToString("N1"), r.Within.Max.ToString("N1"),
                r.Across.P50.ToString("N1"), r.Across.P95.ToString("N1"), r.Across.P99.ToString("N1"), r.Across.Max.ToString("N1"), r.LateOverOneSecond.ToString("N0"));
        }

        AnsiConsole.Write(table);
    }
}

using System.Globalization;
using System.Text;
using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Scenarios;
using ScottPlot;

namespace LetsChat.Benchmarks.Report;

public static partial class PerformanceReport
{
    private static void AppendScaleout(BenchResults results, StringBuilder md, string charts)
    {
        if (results.Scaleout.Count == 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("## Scale-out: two instances, PostgreSQL and Redis");
        md.AppendLine();
        md.AppendLine(inv, $"Two instances of Let's Chat on loopback, one PostgreSQL database and one Redis (append-only file on, as compose runs it), {results.Scaleout[0].WatchersPerInstance:N0}");
        md.AppendLine("public-room watchers on each and senders on both, message k from instance k mod 2. Within: sender and watcher on the same instance;");
        md.AppendLine("across: the message reached the watcher's instance through Redis. The last step kills Redis a third of the way in and starts it");
        md.AppendLine(inv, $"again on the same port {ScaleoutScenario.RedisDown.TotalSeconds:N0} s later; late counts deliveries over 1 s. Lost and duplicated must be 0.");
        md.AppendLine();
        md.AppendLine("| watchers / instance | msg/s | achieved | Redis | deliveries | lost | duplicated | within p50 | p95 | p99 | max | across p50 | p95 | p99 | max | late > 1 s |");
        md.AppendLine("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results.Scaleout)
        {
            md.AppendLine(inv, $"| {r.WatchersPerInstance:N0} | {r.TargetRate} | {r.AchievedRate:N1} | {(r.RedisRestarted ? "restarted" : "up")} | {r.Delivered:N0} / {r.Expected:N0} | {r.Lost:N0} | {r.Duplicated:N0} | {r.Within.P50:N1} | {r.Within.P95:N1} | {r.Within.P99:N1} | {r.Within.Max:N1} | {r.Across.P50:N1} | {r.Across.P95:N1} | {r.Across.P99:N1} | {r.Across.Max:N1} | {r.LateOverOneSecond:N0} |");
        }

        md.AppendLine();
        md.AppendLine("![Send to render within one instance and across two](performance/scaleout.png)");
        md.AppendLine();
        ScaleoutChart(results.Scaleout, Path.Combine(charts, "scaleout.png"));
    }

    // Bars per step: p50 and p99 within one instance beside across the two (the cross-instance overhead).
    private static void ScaleoutChart(List<ScaleoutResult> rows, string file) =>
        GroupedBars(rows, [("within p50", r => r.Within.P50), ("across p50", r => r.Across.P50), ("within p99", r => r.Within.P99), ("across p99", r => r.Across.P99)],
            r => $"{r.TargetRate} msg/s{(r.RedisRestarted ? ", Redis restarted" : "")}", "Send to render: within one instance and across two", file);

    /// <summary>A bar chart in ms: one group of bars per row, one bar per series, each group named under it.</summary>
    private static void GroupedBars<T>(IReadOnlyList<T> rows, (string Name, Func<T, double> Pick)[] series, Func<T, string> label, string title, string file)
    {
        var plot = new Plot();
        for (var s = 0; s < series.Length; s++)
        {
            var bars = plot.Add.Bars(rows.Select((_, i) => (double)((i * (series.Length + 1)) + s)).ToArray(), rows.Select(series[s].Pick).ToArray());
            bars.LegendText = series[s].Name;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select((r, i) => new Tick((i * (series.Length + 1)) + ((series.Length - 1) / 2.0), label(r)))]);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel("ms");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(file, 900, 500);
    }
}

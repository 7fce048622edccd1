using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Scenarios;
using ScottPlot;

namespace LetsChat.Benchmarks.Report;

/// <summary>
/// Writes the run's figures as Markdown with PNG charts: docs/performance.md for a full <c>all</c> run, a file in
/// the temp folder for anything smaller, so that a quick try never overwrites the published figures.
/// </summary>
public static partial class PerformanceReport
{
    public static string Write(BenchResults results, bool publish)
    {
        var folder = publish ? Path.Combine(RepositoryRoot(), "docs") : Path.Combine(Path.GetTempPath(), "letschat-bench");
        var charts = Path.Combine(folder, "performance");
        Directory.CreateDirectory(charts);
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("# Performance");
        md.AppendLine();
        md.AppendLine(inv, $"Measured {results.Started:yyyy-MM-dd HH:mm} UTC by `dotnet run -c Release --project LetsChat.Benchmarks -- all`, which wrote this file.");
        md.AppendLine(inv, $"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0.#} GB memory, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}.");
        md.AppendLine("The load client runs beside the server on the same machine (they share the cores); the server is a child process");
        md.AppendLine("(the real `AddLetsChat`/`MapLetsChat` composition, Production environment, server GC as the web project uses,");
        md.AppendLine("a fresh SQLite database), and its memory and CPU time are its own. Each simulated user signs in through the development sign-in form, loads the page, and opens");
        md.AppendLine("a real circuit over `/_blazor` (WebSockets, blazorpack): render batches acknowledged, JS interop answered, messages typed");
        md.AppendLine("and submitted through the composer. A watcher notices a message when the render batch carrying its token arrives.");
        md.AppendLine();
        md.AppendLine("Micro-benchmarks of the hot paths (BenchmarkDotNet, with allocations): `dotnet run -c Release --project LetsChat.Benchmarks -- micro`.");
        md.AppendLine();

        if (results.Idle.Count > 0)
        {
            md.AppendLine("## Idle circuits: memory per circuit");
            md.AppendLine();
            md.AppendLine(inv, $"Signed-in users with the public room open ({IdleScenario.SeedMessages} messages in it), beside visitors of a minimal Blazor Server page");
            md.AppendLine("(one interactive router and a counter) hosted by the benchmark in the same run. Server working set and managed heap after a full");
            md.AppendLine("collection, before and after opening the circuits, divided by the circuits opened.");
            md.AppendLine();
            md.AppendLine("| system | circuits | opened | working set / circuit | heap / circuit | heap ratio to minimal |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var row in results.Idle)
            {
                var minimal = results.Idle.FirstOrDefault(r => r.System == BenchHost.Minimal && r.Circuits == row.Circuits);
                var ratio = row.System == BenchHost.LetsChat && minimal is not null ? (row.HeapPerCircuitKb / minimal.HeapPerCircuitKb).ToString("0.00", inv) + "×" : "";
                md.AppendLine(inv, $"| {IdleScenario.SystemName(row.System)} | {row.Circuits:N0} | {row.Opened:N0} | {row.WorkingSetPerCircuitKb:N1} KB | {row.HeapPerCircuitKb:N1} KB | {ratio} |");
            }

            md.AppendLine();
            md.AppendLine("![Memory per circuit against circuits](performance/memory.png)");
            md.AppendLine();
            MemoryChart(results, Path.Combine(charts, "memory.png"));
        }

        if (results.Fanout.Count > 0)
        {
            md.AppendLine("## Fan-out: send to render");
            md.AppendLine();
            md.AppendLine("Watchers in the public room while senders post through their composers at a target rate (message k due at k/rate s, spread over");
            md.AppendLine("one sender per 2.5 messages/s, up to 100, each posting one message after another). Latency runs from the moment the submit leaves the");
            md.AppendLine("sender to the arrival of each watcher's render batch (or hub message) carrying it. Lost and duplicated are counted per watcher and");
            md.AppendLine("message. \"Server CPU\" is the server process's CPU time during the step divided by the deliveries. A rate *holds* when nothing is");
            md.AppendLine("lost or duplicated, p99 is under 1 s and the senders kept to at least 90 % of the rate; after the fixed rates the run tries higher");
            md.AppendLine("ones while the last one held, then halves the gap between the highest rate that held and the lowest that did not, twice.");
            md.AppendLine("Each watcher count starts on a fresh server and is warmed up, unrecorded, in 3-second rounds at");
            md.AppendLine("20 messages/s until a round compiles fewer than 25 methods (a live site has long since compiled its hot paths); a step");
            md.AppendLine("waits for its last deliveries until none has come for 15 s (at most 90 s): one still missing then counts as never reached, unless the watcher showed a \"messages not shown\" marker over it.");
            md.AppendLine();
            md.AppendLine("| system | watchers | target msg/s | achieved msg/s | messages | deliveries | behind a marker | never reached | duplicated | p50 ms | p95 ms | p99 ms | max ms | server CPU µs / delivery | server KB allocated / delivery | server GCs | server GC pause ms | client GC pause ms |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results.Fanout)
            {
                md.AppendLine(inv, $"| {r.System} | {r.Watchers:N0} | {r.TargetRate:N0} | {r.AchievedRate:N1} | {r.Messages:N0} | {r.Delivery.Delivered:N0} | {r.Delivery.BehindMarker:N0} | {r.Delivery.Lost:N0} | {r.Delivery.Duplicated:N0} | {r.Delivery.P50:N1} | {r.Delivery.P95:N1} | {r.Delivery.P99:N1} | {r.Delivery.Max:N1} | {r.ServerCpuMicrosecondsPerDelivery:N1} | {r.ServerKilobytesAllocatedPerDelivery:N1} | {r.ServerCollections:N0} | {r.ServerGcPauseMilliseconds:N0} | {r.ClientGcPauseMilliseconds:N0} |");
            }

            md.AppendLine();
            md.AppendLine("Highest rate held:");
            md.AppendLine();
            md.AppendLine("| system | watchers | ceiling (msg/s) |");
            md.AppendLine("|---|---:|---:|");
            foreach (var group in results.Fanout.GroupBy(r => (r.System, r.Watchers)))
            {
                var tried = group.Max(r => r.TargetRate);
                var ceiling = FanoutScenario.Ceiling(group);
                md.AppendLine(inv, $"| {group.Key.System} | {group.Key.Watchers:N0} | {ceiling:N0}{(ceiling == tried ? " (highest tried)" : "")} |");
            }

            md.AppendLine();
            AppendComparison(results, md);
            md.AppendLine("![Latency percentiles against watchers](performance/latency.png)");
            md.AppendLine();
            md.AppendLine("![p99 against rate, Let's Chat beside the bare hub](performance/baseline.png)");
            md.AppendLine();
            LatencyChart(results, Path.Combine(charts, "latency.png"));
            BaselineChart(results, Path.Combine(charts, "baseline.png"));
        }

        if (results.Store.Count > 0)
        {
            md.AppendLine("## Store: messages stored per second");
            md.AppendLine();
            md.AppendLine("`MessageStore.AppendAsync` into one room (each message takes the room's next sequence number under the room's row lock),");
            md.AppendLine("in-process, one sender and 20 concurrent senders. PostgreSQL is a fresh local server with its default durability.");
            md.AppendLine();
            md.AppendLine("| database | senders | stored | seconds | messages/s | sequence without gaps |");
            md.AppendLine("|---|---:|---:|---:|---:|---|");
            foreach (var r in results.Store)
            {
                md.AppendLine(inv, $"| {r.Database} | {r.Senders} | {r.Stored:N0} | {r.Seconds:N1} | {r.PerSecond:N0} | {(r.SequencesWithoutGaps ? "yes" : "NO")} |");
            }

            md.AppendLine();
        }

        if (results.Churn.Count > 0)
        {
            md.AppendLine("## Churn: circuits opening and closing");
            md.AppendLine();
            md.AppendLine("Churners (each a friend of every watcher) open /chat, hold it 3 s, close it, wait 3 s, and again, staggered, with the offline grace");
            md.AppendLine("period set to 1 s. Each visit should flip the churner's dot online and then offline in every watcher's friend list; the watchers count");
            md.AppendLine("the changed dots (aria-label frames) in their render batches. Memory is the server's heap after a full collection, with the watchers");
            md.AppendLine("open, before the churn and once every churner has been gone longer than the grace period.");
            md.AppendLine();
            md.AppendLine("| opened | closed | seconds | status changes expected | seen by watchers | circuits left (server) | heap before | heap after | working set before | after |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results.Churn)
            {
                md.AppendLine(inv, $"| {r.Opened:N0} | {r.Closed:N0} | {r.Seconds:N0} | {r.StatusEventsExpected:N0} | {r.StatusEventsDelivered:N0} | {r.CircuitsAfter:N0} | {Mb(r.HeapBefore)} | {Mb(r.HeapAfter)} | {Mb(r.WorkingSetBefore)} | {Mb(r.WorkingSetAfter)} |");
            }

            md.AppendLine();
        }

        if (results.Uploads.Count > 0)
        {
            md.AppendLine("## Uploads: files over HTTP");
            md.AppendLine();
            md.AppendLine("Files posted as the composer posts them (`POST /rooms/{id}/files`, streamed), stored in the database in 256 KB chunks. The big file's");
            md.AppendLine("working set growth is the server's peak while it streams, over its level after a full collection just before. Beside watchers: the");
            md.AppendLine("same 20 messages/s step alone and while uploaders post files one after another, without pause.");
            md.AppendLine();
            md.AppendLine("| what | uploads | MB each | median s | max s | working set growth | refused | watchers' p99 alone | with uploads | lost + duplicated |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results.Uploads)
            {
                md.AppendLine(inv, $"| {r.Kind} | {r.Uploads:N0} | {r.BytesEach / 1048576.0:N1} | {r.SecondsMedian:N2} | {r.SecondsMax:N2} | {(r.WorkingSetGrowth == 0 ? "-" : Mb(r.WorkingSetGrowth))} | {r.Refused} | {(r.P99Quiet is { } q ? $"{q:N1} ms" : "-")} | {(r.P99Busy is { } b ? $"{b:N1} ms" : "-")} | {(r.Lost is { } l ? l.ToString(inv) : "-")} |");
            }

            md.AppendLine();
        }

        AppendSearch(results, md);
        AppendScaleout(results, md, charts);
        AppendDay(results, md, charts);
        if (results.Notes.Count > 0)
        {
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in results.Notes)
            {
                md.AppendLine(inv, $"- {note}");
            }

            md.AppendLine();
        }

        var file = Path.Combine(folder, "performance.md");
        File.WriteAllText(file, md.ToString());
        return file;
    }

    private static void AppendComparison(BenchResults results, StringBuilder md)
    {
        var inv = CultureInfo.InvariantCulture;
        var pairs = results.Fanout.Where(r => r.System == FanoutScenario.LetsChat)
            .Select(ours => (ours, hub: results.Fanout.FirstOrDefault(h => h.System == FanoutScenario.BareHub && h.Watchers == ours.Watchers && h.TargetRate == ours.TargetRate)))
            .Where(p => p.hub is not null)
            .ToList();
        if (pairs.Count == 0)
        {
            return;
        }

        md.AppendLine("Let's Chat / bare hub, same watchers and rate:");
        md.AppendLine();
        md.AppendLine("| watchers | msg/s | p99 ratio | server CPU per delivery ratio |");
        md.AppendLine("|---:|---:|---:|---:|");
        foreach (var (ours, hub) in pairs)
        {
            md.AppendLine(inv, $"| {ours.Watchers:N0} | {ours.TargetRate:N0} | {ours.Delivery.P99 / hub!.Delivery.P99:0.00}× | {ours.ServerCpuMicrosecondsPerDelivery / hub.ServerCpuMicrosecondsPerDelivery:0.00}× |");
        }

        foreach (var watchers in pairs.Select(p => p.ours.Watchers).Distinct())
        {
            var ours = FanoutScenario.Ceiling(results.Fanout.Where(r => r.System == FanoutScenario.LetsChat && r.Watchers == watchers));
            var hub = FanoutScenario.Ceiling(results.Fanout.Where(r => r.System == FanoutScenario.BareHub && r.Watchers == watchers));
            md.AppendLine(inv, $"| {watchers:N0} | ceiling | {(hub == 0 ? "-" : ((double)ours / hub).ToString("0.00", inv) + "×")} (ceilings {ours:N0} / {hub:N0} msg/s) | |");
        }

        md.AppendLine();
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("N1", CultureInfo.InvariantCulture) + " MB";

    private static void MemoryChart(BenchResults results, string file)
    {
        var plot = new Plot();
        foreach (var system in new[] { BenchHost.LetsChat, BenchHost.Minimal })
        {
            var rows = results.Idle.Where(r => r.System == system).OrderBy(r => r.Circuits).ToArray();
            if (rows.Length == 0)
            {
                continue;
            }

            var heap = plot.Add.Scatter(rows.Select(r => (double)r.Circuits).ToArray(), rows.Select(r => r.HeapPerCircuitKb).ToArray());
            heap.LegendText = $"{IdleScenario.SystemName(system)}: heap / circuit";
            var ws = plot.Add.Scatter(rows.Select(r => (double)r.Circuits).ToArray(), rows.Select(r => r.WorkingSetPerCircuitKb).ToArray());
            ws.LegendText = $"{IdleScenario.SystemName(system)}: working set / circuit";
            ws.LinePattern = LinePattern.Dashed;
        }

        plot.Title("Server memory per open circuit");
        plot.XLabel("open circuits");
        plot.YLabel("KB per circuit");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(file, 900, 500);
    }

    private static void LatencyChart(BenchResults results, string file)
    {
        var plot = new Plot();
        var rate = results.Fanout.Any(r => r.TargetRate == 20) ? 20 : results.Fanout.Min(r => r.TargetRate);
        foreach (var system in results.Fanout.Select(r => r.System).Distinct())
        {
            var rows = results.Fanout.Where(r => r.System == system && r.TargetRate == rate).OrderBy(r => r.Watchers).ToArray();
            var xs = rows.Select(r => (double)r.Watchers).ToArray();
            foreach (var (name, pick) in new (string, Func<FanoutResult, double>)[] { ("p50", r => r.Delivery.P50), ("p95", r => r.Delivery.P95), ("p99", r => r.Delivery.P99) })
            {
                var line = plot.Add.Scatter(xs, rows.Select(pick).ToArray());
                line.LegendText = $"{system} {name}";
                if (system == FanoutScenario.BareHub)
                {
                    line.LinePattern = LinePattern.Dashed;
                }
            }
        }

        plot.Title($"Send to render latency at {rate} messages/s");
        plot.XLabel("watchers");
        plot.YLabel("ms");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(file, 900, 500);
    }

    private static void BaselineChart(BenchResults results, string file)
    {
        var plot = new Plot();
        foreach (var group in results.Fanout.GroupBy(r => (r.System, r.Watchers)))
        {
            var rows = group.OrderBy(r => r.TargetRate).ToArray();
            var line = plot.Add.Scatter(rows.Select(r => (double)r.TargetRate).ToArray(), rows.Select(r => Math.Max(0.1, r.Delivery.P99)).ToArray());
            line.LegendText = $"{group.Key.System}, {group.Key.Watchers:N0} watchers";
            if (group.Key.System == FanoutScenario.BareHub)
            {
                line.LinePattern = LinePattern.Dashed;
            }
        }

        plot.Title("p99 send to render against rate");
        plot.XLabel("messages/s");
        plot.YLabel("p99 ms");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(file, 900, 500);
    }

    public static string RepositoryRoot() =>
        FindRepositoryRoot(Directory.GetCurrentDirectory())
        ?? throw new InvalidOperationException("Run from inside the repository (no LetsChat.sln above the current folder).");

    /// <summary>The folder holding LetsChat.sln, at or above <paramref name="start"/>; null outside the repository.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LetsChat.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

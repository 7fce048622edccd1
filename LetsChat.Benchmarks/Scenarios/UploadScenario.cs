using System.Diagnostics;
using System.Net;
using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Report;
using Spectre.Console;

namespace LetsChat.Benchmarks.Scenarios;

/// <summary>One upload's time and what it cost the server's memory; or, beside watchers, their p99 without and with uploads.</summary>
public sealed record UploadResult(string Kind, int Uploads, long BytesEach, double SecondsMedian, double SecondsMax, long WorkingSetGrowth, int Refused, double? P99Quiet = null, double? P99Busy = null, long? Lost = null);

/// <summary>
/// Files over HTTP: a 25 MB file, three times, timed, with the server's working set sampled while it streams to storage;
/// then the public room's watchers at 20 messages/s, first alone, then while uploaders (starting 50 ms apart) post files
/// in parallel without pause, so that what uploads take from live delivery is the difference between the two p99s.
/// </summary>
public static class UploadScenario
{
    private const long RoomId = 1; // the public room

    // LETSCHAT_BENCH_FILES=Disk and LETSCHAT_BENCH_UPLOAD_RATE=<bytes a second, 0 for none> try other settings.
    public static async Task RunAsync(BenchOptions options, BenchResults results, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string> { ["LetsChat:Files:DailyQuotaBytes"] = "1000000000000", ["LetsChat:Files:Storage"] = Environment.GetEnvironmentVariable("LETSCHAT_BENCH_FILES") ?? "Database",
            ["LetsChat:Files:UploadBytesPerSecond"] = Environment.GetEnvironmentVariable("LETSCHAT_BENCH_UPLOAD_RATE") ?? "20971520" };
        await using var server = await ServerProcess.StartAsync(BenchHost.LetsChat, settings: settings);
        await AnsiConsole.Status().StartAsync("uploads: one big file", async status =>
        {
            results.Uploads.Add(await OneFileAsync(server, options.UploadBytes, cancellationToken));
            status.Status($"uploads: {options.UploadWatchers} watchers, {options.ParallelUploads} uploading");
            results.Uploads.Add(await BesideWatchersAsync(server, options, cancellationToken));
        });
        Print(results.Uploads);
    }

    private static async Task<UploadResult> OneFileAsync(ServerProcess server, long bytes, CancellationToken cancellationToken)
    {
        using var uploader = await SimulatedUser.SignInAsync(server.Address, "Uploader", cancellationToken);
        await uploader.UploadAsync(RoomId, "warm-up.zip", new GeneratedArchiveStream(1 << 20, 0), 1 << 20, cancellationToken);
        var seconds = new List<double>();
        long growth = 0;
        var refused = 0;
        for (var run = 1; run <= 3; run++)
        {
            var before = (await server.StatsAsync(collect: true)).WorkingSet;
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var peak = SamplePeakAsync(server, before, sampling.Token);
            var clock = Stopwatch.StartNew();
            var status = await uploader.UploadAsync(RoomId, $"big-{run}.zip", new GeneratedArchiveStream(bytes, run), bytes, cancellationToken);
            seconds.Add(clock.Elapsed.TotalSeconds);
            await sampling.CancelAsync();
            growth = Math.Max(growth, await peak - before);
            refused += status == HttpStatusCode.OK ? 0 : 1;
        }

        seconds.Sort();
        return new UploadResult("one file, 3 times", 3, bytes, seconds[1], seconds[^1], growth, refused);
    }

    private static async Task<UploadResult> BesideWatchersAsync(ServerProcess server, BenchOptions options, CancellationToken cancellationToken)
    {
        await using var runner = new FanoutRunner(new LetsChatTarget(server.Address), server);
        await runner.OpenAsync(options.UploadWatchers, Math.Min(8, options.Senders), 8, null, cancellationToken);
        for (var round = 0; round < Math.Max(1, options.WarmUpRounds / 5); round++)
        {
            await runner.RunStepAsync(20, 60, cancellationToken);
        }

        var messages = options.MessagesAt(20);
        var quiet = await runner.RunStepAsync(20, messages, cancellationToken);

        // Uploaders post one file after another for as long as the busy step lasts.
        var uploaders = await Task.WhenAll(Enumerable.Range(0, options.ParallelUploads)
            .Select(i => SimulatedUser.SignInAsync(server.Address, $"Uploader {i}", cancellationToken)));
        await Task.WhenAll(uploaders.Select(u => u.ReadUploadTokenAsync(cancellationToken)));
        using var stepDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var times = new List<double>();
        var refused = 0;
        // People press Send within a second of each other, not in the same millisecond: 50 ms apart, then without pause.
        var uploading = uploaders.Select(async (uploader, i) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50 * i), cancellationToken);
            for (var n = 0; !stepDone.IsCancellationRequested; n++)
            {
                var clock = Stopwatch.StartNew();
                var status = await uploader.UploadAsync(RoomId, $"parallel-{i}-{n}.zip", new GeneratedArchiveStream(options.ParallelUploadBytes, (i * 1000) + n + 10), options.ParallelUploadBytes, cancellationToken);
                lock (times)
                {
                    times.Add(clock.Elapsed.TotalSeconds);
                    refused += status == HttpStatusCode.OK ? 0 : 1;
                }
            }
        }).ToList();
        var busy = await runner.RunStepAsync(20, messages, cancellationToken);
        await stepDone.CancelAsync();
        await Task.WhenAll(uploading);
        foreach (var uploader in uploaders)
        {
            uploader.Dispose();
        }

        FanoutScenario.Print([quiet, busy], "uploads: the watchers' step alone, then with uploads");
        times.Sort();
        return new UploadResult($"{options.ParallelUploads} in parallel beside {options.UploadWatchers} watchers at 20 msg/s", times.Count, options.ParallelUploadBytes,
            times.Count == 0 ? 0 : times[times.Count / 2], times.Count == 0 ? 0 : times[^1], 0, refused, quiet.Delivery.P99, busy.Delivery.P99, busy.Delivery.Lost + busy.Delivery.Duplicated);
    }

    private static async Task<long> SamplePeakAsync(ServerProcess server, long start, CancellationToken cancellationToken)
    {
        var peak = start;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                peak = Math.Max(peak, (await server.StatsAsync(collect: false)).WorkingSet);
                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // the upload is done
        }

        return peak;
    }

    public static void Print(IEnumerable<UploadResult> rows)
    {
        var table = new Table().Title("uploads");
        table.AddColumns("what", "uploads", "MB each", "median s", "max s", "working set growth MB", "refused", "watchers p99 ms alone", "with uploads", "lost + duplicated");
        foreach (var r in rows)
        {
            table.AddRow(r.Kind, r.Uploads.ToString("N0"), (r.BytesEach / 1048576.0).ToString("N1"), r.SecondsMedian.ToString("N2"), r.SecondsMax.ToString("N2"),
                r.WorkingSetGrowth == 0 ? "-" : (r.WorkingSetGrowth / 1048576.0).ToString("N1"), r.Refused.ToString("N0"),
                r.P99Quiet?.ToString("N1") ?? "-", r.P99Busy?.ToString("N1") ?? "-", r.Lost?.ToString("N0") ?? "-");
        }

        AnsiConsole.Write(table);
    }
}

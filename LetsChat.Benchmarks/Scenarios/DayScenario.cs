using System.Diagnostics;
using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Report;
using Spectre.Console;

namespace LetsChat.Benchmarks.Scenarios;

/// <summary>How big a day is: the people and rooms, how fast the tabs open, how long the day lasts and its pace.</summary>
public sealed record DaySize(
    int Tabs, int PublicTabs, int Groups, int SmallestGroup, int LargestGroup, int Comers, int FriendsPerComer,
    double OpenPerSecond, TimeSpan Length, DayPace Pace, int PublicSpeakers = 20, int SpeakersPerRoom = 3)
{
    /// <summary>The same day with <paramref name="tabs"/> tabs: a tenth on the public room, a group room per 50 tabs, the same pace.</summary>
    public static DaySize Scaled(DaySize size, int tabs) =>
        size with { Tabs = tabs, PublicTabs = Math.Max(1, tabs / 10), Groups = Math.Max(1, tabs / 50), Comers = Math.Max(1, size.Comers * tabs / size.Tabs) };

    /// <summary>Unrecorded messages at the day's pace before the day (the fan-out warms up the same way).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The day: 10,000 tabs, 1,000 on the public room, 200 group rooms of 10 to 50, five minutes.</summary>
    public static DaySize Full { get; } = new(10_000, 1_000, 200, 10, 50, 100, 5, 40, TimeSpan.FromMinutes(5),
        new DayPace(5, 50, 20, 10, 20, 2, 2, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3)));

    public static DaySize Quick { get; } = new(60, 10, 4, 3, 8, 4, 3, 20, TimeSpan.FromSeconds(15),
        new DayPace(2, 2, 2, 1, 1, 0.5, 0.5, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)), PublicSpeakers: 3, SpeakersPerRoom: 2) { WarmUp = TimeSpan.FromSeconds(2) };
}

/// <param name="CircuitsHeld">Circuits the server held when the day ended (the tabs, and comers who were in).</param>
/// <param name="Dropped">Tabs whose circuit the server closed: must be 0.</param>
public sealed record DayResult(
    int Tabs, int Users, int Opened, double OpenSeconds, int CircuitsHeld, int Dropped, double LoadSeconds,
    IReadOnlyList<DayDelivery> Kinds, DayStatus Status, DayActivity Activity,
    double ServerCpuSeconds, double CpuMicrosecondsPerDelivery, double WorkingSetPerCircuitKb, double HeapPerCircuitKb, double MinimalHeapPerCircuitKb,
    int ServerCollections, double ServerGcPauseMilliseconds)
{
    public double HeapRatio => HeapPerCircuitKb / MinimalHeapPerCircuitKb;

    public bool Held => Dropped == 0 && Opened == Tabs && Kinds.All(k => k.Lost == 0 && k.Duplicated == 0 && k.Misdelivered == 0 && k.P99 < 250);
}

/// <summary>
/// A realistic day on one instance, with the load client beside the server: thousands of tabs opened at a steady
/// rate, people in the public room, group rooms and private rooms talking at once, reacting, typing, coming and going
/// (their friends watching their dots), viewing profiles and searching. Reported per kind of room.
/// </summary>
public static class DayScenario
{
    public static async Task RunAsync(DaySize size, BenchResults results, CancellationToken cancellationToken)
    {
        var minimal = results.Idle.FirstOrDefault(r => r.System == BenchHost.Minimal && r.Circuits == size.Tabs);
        var result = await AnsiConsole.Status().StartAsync("day: starting", status => MeasureAsync(size, s => status.Status($"day: {s}"), cancellationToken));
        minimal ??= await IdleScenario.MeasureAsync(BenchHost.Minimal, size.Tabs, cancellationToken);
        result = result with { MinimalHeapPerCircuitKb = minimal.HeapPerCircuitKb };
        results.Day.Add(result);
        Print(result);
    }

    public static async Task<DayResult> MeasureAsync(DaySize size, Action<string> progress, CancellationToken cancellationToken)
    {
        var plan = DayPlan.Make(size.Tabs, size.PublicTabs, size.Groups, size.SmallestGroup, size.LargestGroup, size.Comers, size.FriendsPerComer);
        await using var server = await ServerProcess.StartAsync(BenchHost.LetsChat, settings: new Dictionary<string, string>
        {
            ["LetsChat:OfflineGracePeriod"] = size.Pace.OfflineGrace.ToString(),
        });
        var users = new SimulatedUser[plan.Users];
        var comers = new SimulatedUser[size.Comers];
        try
        {
            var signedIn = 0;
            await Parallel.ForAsync(0, plan.Users + size.Comers, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                if (i < plan.Users)
                {
                    users[i] = await SimulatedUser.SignInAsync(server.Address, DayPlan.UserName(i), ct);
                }
                else
                {
                    comers[i - plan.Users] = await SimulatedUser.SignInAsync(server.Address, DayPlan.ComerName(i - plan.Users), ct);
                }

                if (Interlocked.Increment(ref signedIn) % 250 == 0)
                {
                    progress($"{signedIn:N0} of {plan.Users + size.Comers:N0} people signed in");
                }
            });
            progress("making friends and rooms");
            var (roomIds, handles) = await DayArrangement.WriteAsync(server.SqliteConnectionString!, plan, cancellationToken);

            var logs = Enum.GetValues<DayRoomKind>().Select(kind => new RoomDeliveryLog(kind, $"ld{kind.ToString()[..3].ToLowerInvariant()}x",
                (int)(Rate(size.Pace, kind) * size.Length.TotalSeconds) + 16)).ToArray();
            await using var runner = new DayRunner(server.Address, plan, users, roomIds, logs, size.PublicSpeakers, size.SpeakersPerRoom);
            var empty = await server.StatsAsync(collect: true);
            var openSeconds = await runner.OpenAsync(size.OpenPerSecond, n =>
            {
                if (n % 250 == 0)
                {
                    progress($"{n:N0} of {plan.Tabs.Count:N0} tabs open");
                }
            }, cancellationToken);
            // Let the last first renders be acknowledged before weighing the server.
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            var full = await server.StatsAsync(collect: true);
            await HeapSnapshot.TakeIfAskedAsync(server.ProcessId, $"day-{plan.Tabs.Count}", cancellationToken);

            progress("warming up");
            await runner.WarmUpAsync(size.Pace, size.WarmUp, cancellationToken);
            progress($"the day: {size.Length.TotalSeconds:N0} s with {runner.OpenTabs:N0} tabs open");
            var clock = Stopwatch.StartNew();
            var activity = await runner.RunAsync(size.Pace, size.Length, comers, handles, server.MessageIdAsync, cancellationToken);
            var loadSeconds = clock.Elapsed.TotalSeconds;
            progress("waiting for the last deliveries");
            // Past the last comer's grace period too, for their friends' last dots.
            await DeliveryDrain.WaitAsync(() => logs.Sum(l => l.Delivered), () => logs.Sum(l => l.Expected), TimeSpan.FromSeconds(15), cancellationToken,
                atLeast: size.Pace.OfflineGrace + StatusLog.Promptly);
            foreach (var log in logs)
            {
                await log.CheckStoredAsync(server.MessageIdAsync);
            }

            // Sends the server refused are owed to nobody; a tab still catching up on the rest is late, not a loss, while
            // its rows keep coming.
            await DeliveryDrain.WaitAsync(() => -logs.Sum(l => l.Missing), () => 0, TimeSpan.FromSeconds(15), cancellationToken);
            var after = await server.StatsAsync(collect: false);

            var kinds = logs.Select(l => l.Summarize(size.Length.TotalSeconds)).ToList();
            foreach (var finding in logs.SelectMany(l => new[] { l.DescribeLost(), l.DescribeDuplicates() }).OfType<string>())
            {
                progress(finding);
            }

            var delivered = kinds.Sum(k => k.Delivered);
            var cpu = (after.CpuMilliseconds - full.CpuMilliseconds) / 1000;
            return new DayResult(plan.Tabs.Count, plan.Users, runner.OpenTabs, openSeconds, after.Circuits, runner.Dropped, loadSeconds, kinds,
                runner.Status!.Summarize(), activity, cpu, delivered == 0 ? double.NaN : cpu * 1_000_000 / delivered,
                (full.WorkingSet - empty.WorkingSet) / 1024.0 / Math.Max(1, runner.OpenTabs), (full.ManagedHeap - empty.ManagedHeap) / 1024.0 / Math.Max(1, runner.OpenTabs),
                double.NaN, after.Collections - full.Collections, after.GcPauseMilliseconds - full.GcPauseMilliseconds);
        }
        finally
        {
            foreach (var user in users.Concat(comers).OfType<SimulatedUser>())
            {
                user.Dispose();
            }
        }
    }

    private static double Rate(DayPace pace, DayRoomKind kind) => kind switch
    {
        DayRoomKind.Public => pace.PublicPerSecond,
        DayRoomKind.Group => pace.GroupPerSecond,
        _ => pace.PrivatePerSecond,
    };

    public static void Print(DayResult r)
    {
        var table = new Table().Title($"day: {r.Tabs:N0} tabs of {r.Users:N0} people, {r.LoadSeconds:N0} s");
        table.AddColumns("room", "messages", "msg/s", "refused", "deliveries", "lost", "duplicated", "shown elsewhere", "p50 ms", "p95 ms", "p99 ms", "max ms");
        foreach (var k in r.Kinds)
        {
            table.AddRow(k.Kind.ToString(), k.Messages.ToString("N0"), k.AchievedRate.ToString("N1"), k.NotStored.ToString("N0"), $"{k.Delivered:N0} / {k.Expected:N0}", k.Lost.ToString("N0"),
                k.Duplicated.ToString("N0"), k.Misdelivered.ToString("N0"), k.P50.ToString("N1"), k.P95.ToString("N1"), k.P99.ToString("N1"), k.Max.ToString("N1"));
        }

        AnsiConsole.Write(table);
        var s = r.Status;
        var a = r.Activity;
        AnsiConsole.MarkupLineInterpolated($"tabs opened {r.Opened:N0} of {r.Tabs:N0} in {r.OpenSeconds:N0} s; circuits held at the end {r.CircuitsHeld:N0}; dropped {r.Dropped:N0}");
        AnsiConsole.MarkupLineInterpolated($"friends' status changes: {s.Seen:N0} of {s.Owed:N0} seen, {s.Promptly:N0} within 2 s, unexplained {s.Unowed:N0}; p50 {s.P50:N0} ms, p99 {s.P99:N0} ms, max {s.Max:N0} ms");
        AnsiConsole.MarkupLineInterpolated($"reactions {a.Reactions:N0}, typing {a.Typing:N0}, comer visits {a.ComerVisits:N0}, failed actions {a.FailedActions:N0}; profile views {a.ProfileViews.Count:N0} (p99 {a.ProfileViews.P99:N0} ms), searches {a.Searches.Count:N0} (p99 {a.Searches.P99:N0} ms), failed pages {a.FailedPages:N0}");
        AnsiConsole.MarkupLineInterpolated($"server: CPU {r.ServerCpuSeconds:N1} s ({r.CpuMicrosecondsPerDelivery:N0} µs per delivery), working set {r.WorkingSetPerCircuitKb:N1} KB and heap {r.HeapPerCircuitKb:N1} KB per circuit (minimal page {r.MinimalHeapPerCircuitKb:N1} KB, {r.HeapRatio:0.00}×), {r.ServerCollections:N0} GCs, {r.ServerGcPauseMilliseconds:N0} ms paused");
    }
}

using System.Diagnostics;
using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Report;
using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Server.Friends;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace LetsChat.Benchmarks.Scenarios;

/// <summary>
/// Circuits open and close at a steady rate while friends watch their status dots: each "churner" is a friend of
/// every watcher and keeps opening /chat, holding it, and closing it. Counts the dots that changed in the watchers'
/// render batches against the status changes expected, and weighs the server before and after, once all closed.
/// </summary>
public static class ChurnScenario
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(BenchOptions options, BenchResults results, CancellationToken cancellationToken)
    {
        var quick = options.ChurnSeconds < 30;
        results.Churn.Add(await MeasureAsync(watchers: quick ? 3 : 20, churners: quick ? 4 : 40, TimeSpan.FromSeconds(options.ChurnSeconds), cancellationToken));
        var r = results.Churn[^1];
        var table = new Table().Title("churn: circuits opening and closing while friends watch");
        table.AddColumns("opened", "closed", "seconds", "status changes expected", "seen by watchers", "server circuits after", "heap before", "heap after", "working set before", "after");
        table.AddRow(r.Opened.ToString("N0"), r.Closed.ToString("N0"), r.Seconds.ToString("N0"), r.StatusEventsExpected.ToString("N0"), r.StatusEventsDelivered.ToString("N0"),
            r.CircuitsAfter.ToString("N0"), Mb(r.HeapBefore), Mb(r.HeapAfter), Mb(r.WorkingSetBefore), Mb(r.WorkingSetAfter));
        AnsiConsole.Write(table);
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):N1} MB";

    public static async Task<ChurnResult> MeasureAsync(int watchers, int churners, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var server = await ServerProcess.StartAsync(BenchHost.LetsChat, settings: new Dictionary<string, string>
        {
            ["LetsChat:OfflineGracePeriod"] = Grace.ToString(),
        });
        var watcherUsers = new List<SimulatedUser>();
        var churnerUsers = new List<SimulatedUser>();
        var open = new List<BlazorCircuit>();
        try
        {
            for (var i = 0; i < watchers; i++)
            {
                watcherUsers.Add(await SimulatedUser.SignInAsync(server.Address, $"Friend {i}", cancellationToken));
            }

            for (var i = 0; i < churners; i++)
            {
                churnerUsers.Add(await SimulatedUser.SignInAsync(server.Address, $"Churner {i}", cancellationToken));
            }

            await MakeEveryoneFriendsAsync(server.SqliteConnectionString!, cancellationToken);

            var counting = false;
            var seen = new long[watchers];
            for (var i = 0; i < watchers; i++)
            {
                var watcher = i;
                var circuit = await BlazorCircuit.OpenAsync(watcherUsers[i], "/chat", (_, batch) =>
                {
                    if (Volatile.Read(ref counting))
                    {
                        var dots = RenderBatchReader.CountAttributes(batch.Span, "aria-label", v => v is "online" or "offline");
                        Interlocked.Add(ref seen[watcher], dots);
                    }
                }, cancellationToken);
                circuit.StopWatchingHandlers();
                open.Add(circuit);
            }

            // The friend lists have loaded (every churner offline) before counting starts.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var before = await server.StatsAsync(collect: true);
            Volatile.Write(ref counting, true);

            var opened = 0;
            var closed = 0;
            var clock = Stopwatch.StartNew();
            var cycle = Hold + Gap;
            await AnsiConsole.Status().StartAsync($"churn: {churners} users opening and closing circuits for {duration.TotalSeconds:N0} s", async _ =>
            {
                await Task.WhenAll(churnerUsers.Select(async (user, i) =>
                {
                    await Task.Delay(cycle * i / churners, cancellationToken);
                    while (clock.Elapsed + Hold < duration)
                    {
                        var circuit = await BlazorCircuit.OpenAsync(user, "/chat", null, cancellationToken);
                        Interlocked.Increment(ref opened);
                        circuit.StopWatchingHandlers();
                        await Task.Delay(Hold, cancellationToken);
                        await circuit.DisposeAsync();
                        Interlocked.Increment(ref closed);
                        await Task.Delay(Gap, cancellationToken);
                    }
                }));
            });
            var seconds = clock.Elapsed.TotalSeconds;

            // Every churner has been gone longer than the grace period: all offline, and the server has let go of them.
            await Task.Delay(Grace + TimeSpan.FromSeconds(3), cancellationToken);
            Volatile.Write(ref counting, false);
            var after = await server.StatsAsync(collect: true);
            return new ChurnResult(opened, closed, seconds, (long)opened * 2 * watchers, seen.Sum(), before.ManagedHeap, after.ManagedHeap,
                before.WorkingSet, after.WorkingSet, after.Circuits - before.Circuits);
        }
        finally
        {
            foreach (var circuit in open)
            {
                await circuit.DisposeAsync();
            }

            foreach (var user in watcherUsers.Concat(churnerUsers))
            {
                user.Dispose();
            }
        }
    }

    // Befriending through the UI takes a search, a request and an accept per pair; the database gets the same rows at once.
    private static async Task MakeEveryoneFriendsAsync(string sqlite, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<SqliteLetsChatDb>().UseSqlite(sqlite).Options;
        await using var db = new SqliteLetsChatDb(options);
        var users = await db.Users.Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        var friends = users.Where(u => u.DisplayName.StartsWith("Friend ", StringComparison.Ordinal)).ToList();
        var churners = users.Where(u => u.DisplayName.StartsWith("Churner ", StringComparison.Ordinal)).ToList();
        var now = DateTimeOffset.UtcNow;
        foreach (var friend in friends)
        {
            foreach (var churner in churners)
            {
                var room = new Room { Kind = RoomKind.Private, Name = $"{friend.DisplayName} & {churner.DisplayName}", CreatedAt = now, LastActivityAt = now };
                db.Rooms.Add(room);
                await db.SaveChangesAsync(cancellationToken);
                var (a, b) = Friendship.Order(friend.Id, churner.Id);
                db.Friendships.Add(new Friendship { UserAId = a, UserBId = b, RoomId = room.Id, CreatedAt = now });
                db.RoomMembers.AddRange(new RoomMember { RoomId = room.Id, UserId = friend.Id, JoinedAt = now }, new RoomMember { RoomId = room.Id, UserId = churner.Id, JoinedAt = now });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Report;
using Spectre.Console;

namespace LetsChat.Benchmarks.Scenarios;

/// <summary>
/// N signed-in users with the public room open (50 messages in it), against N visitors of a minimal Blazor Server
/// page: the server's working set and managed heap after a full collection, per circuit.
/// </summary>
public static class IdleScenario
{
    public const int SeedMessages = 50;

    /// <summary>The most circuits one step opens: the ten thousand (the server and this client each hold one socket per circuit).</summary>
    public const int MaxCircuits = 10_000;

    public static async Task RunAsync(BenchOptions options, BenchResults results, CancellationToken cancellationToken)
    {
        foreach (var circuits in options.IdleCircuits)
        {
            results.Idle.Add(await MeasureAsync(BenchHost.LetsChat, circuits, cancellationToken));
            results.Idle.Add(await MeasureAsync(BenchHost.Minimal, circuits, cancellationToken));
        }

        var table = new Table().Title("idle: server memory per open circuit");
        table.AddColumns("system", "circuits", "opened", "working set / circuit", "heap after full GC / circuit", "Let's Chat / minimal (heap)");
        foreach (var group in results.Idle.GroupBy(r => r.Circuits))
        {
            var minimal = group.FirstOrDefault(r => r.System == BenchHost.Minimal);
            foreach (var row in group)
            {
                var ratio = row.System == BenchHost.LetsChat && minimal is not null ? $"{row.HeapPerCircuitKb / minimal.HeapPerCircuitKb:0.00}×" : string.Empty;
                table.AddRow(SystemName(row.System), row.Circuits.ToString("N0"), row.Opened.ToString("N0"),
                    $"{row.WorkingSetPerCircuitKb:N1} KB", $"{row.HeapPerCircuitKb:N1} KB", ratio);
            }
        }

        AnsiConsole.Write(table);
    }

    public static string SystemName(string kind) => kind == BenchHost.LetsChat ? "Let's Chat /chat" : "minimal page";

    public static async Task<IdleResult> MeasureAsync(string kind, int circuits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(circuits, MaxCircuits);
        await using var server = await ServerProcess.StartAsync(kind);
        if (kind == BenchHost.LetsChat)
        {
            var seeder = await new LetsChatTarget(server.Address).OpenSenderAsync(0, cancellationToken);
            await using (seeder)
            {
                for (var i = 0; i < SeedMessages; i++)
                {
                    await seeder.SendAsync($"Seed message {i}: a line of ordinary chat, about as long as most.", static () => { }, cancellationToken);
                }
            }
        }

        var before = await server.StatsAsync(collect: true);
        var opened = new List<IAsyncDisposable>();
        await AnsiConsole.Status().StartAsync($"idle: opening {circuits:N0} circuits on {SystemName(kind)}", async status =>
        {
            var slots = new IAsyncDisposable?[circuits];
            var count = 0;
            await Parallel.ForAsync(0, circuits, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                slots[i] = await OpenAsync(kind, server.Address, i, ct);
                if (Interlocked.Increment(ref count) % 250 == 0)
                {
                    status.Status($"idle: {count:N0} of {circuits:N0} circuits open on {SystemName(kind)}");
                }
            });
            opened.AddRange(slots.OfType<IAsyncDisposable>());
        });

        // Let the circuits settle (first renders acknowledged, interop answered) before weighing them.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var after = await server.StatsAsync(collect: true);
        await HeapSnapshot.TakeIfAskedAsync(server.ProcessId, $"idle-{kind}-{circuits}", cancellationToken);
        await Parallel.ForEachAsync(opened, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (c, _) => await c.DisposeAsync());
        return new IdleResult(kind, circuits, opened.Count, before.WorkingSet, after.WorkingSet, before.ManagedHeap, after.ManagedHeap);
    }

    private static async Task<IAsyncDisposable> OpenAsync(string kind, Uri server, int index, CancellationToken cancellationToken)
    {
        var user = kind == BenchHost.LetsChat
            ? await SimulatedUser.SignInAsync(server, $"Idle {index}", cancellationToken)
            : SimulatedUser.Anonymous(server);
        var circuit = await BlazorCircuit.OpenAsync(user, kind == BenchHost.LetsChat ? "/chat" : "/", null, cancellationToken);
        if (kind == BenchHost.LetsChat)
        {
            await circuit.WaitForComposerAsync(cancellationToken);
        }

        circuit.StopWatchingHandlers();
        return new OpenCircuit(circuit, user);
    }

    private sealed class OpenCircuit(BlazorCircuit circuit, SimulatedUser user) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await circuit.DisposeAsync();
            user.Dispose();
        }
    }
}

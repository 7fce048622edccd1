using System.Text;
using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Load;

namespace LetsChat.Benchmarks;

internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "host")
        {
            await BenchHost.RunAsync(args[1], args[2..]);
            return 0;
        }

        if (args.Length >= 1 && args[0] == "probe")
        {
            await using var server = await ServerProcess.StartAsync(BenchHost.LetsChat);
            using var alice = await SimulatedUser.SignInAsync(server.Address, "Alice", default);
            using var bob = await SimulatedUser.SignInAsync(server.Address, "Bob", default);
            var seen = new List<long>();
            await using var watcher = await BlazorCircuit.OpenAsync(bob, "/chat", (_, batch) =>
            {
                RenderBatchReader.FindNumberedStrings(batch.Span, "probe-"u8, n => { lock (seen) seen.Add(n); });
            }, default);
            await using var sender = await BlazorCircuit.OpenAsync(alice, "/chat", (_, batch) =>
            {

            }, default);
            Console.WriteLine($"circuits {watcher.CircuitId} {sender.CircuitId}");
            await sender.WaitForComposerAsync(default);
            for (var i = 1; i <= 3; i++)
            {
                await sender.SendMessageAsync($"probe-{i}", null, default);
            }

            await Task.Delay(1000);
            Console.WriteLine($"seen: {string.Join(",", seen)}; errors: {watcher.Error} {sender.Error}");
            var stats = await server.StatsAsync(collect: true);
            Console.WriteLine(stats);
            return 0;
        }

        Console.Error.WriteLine("usage: idle | fanout | baseline | store | churn | micro | all");
        return 2;
    }
}

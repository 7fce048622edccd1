using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace LetsChat.Benchmarks.Micro;

/// <summary>The hot paths under BenchmarkDotNet, with allocations: <c>dotnet run -c Release --project LetsChat.Benchmarks -- micro</c>.</summary>
public static class MicroBenchmarks
{
    public static void Run(string[] args) =>
        BenchmarkSwitcher.FromTypes([typeof(EventDispatchBenchmarks), typeof(PresenceBenchmarks), typeof(MessageBenchmarks)])
            .Run(args.Length == 0 ? ["--filter", "*"] : args, DefaultConfig.Instance);
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using LetsChat.Benchmarks.Report;

namespace LetsChat.Benchmarks.Micro;

/// <summary>
/// The hot paths under BenchmarkDotNet, with allocations: <c>dotnet run -c Release --project LetsChat.Benchmarks -- micro</c>.
/// Any BenchmarkDotNet arguments may follow (<c>--filter *Presence*</c>, <c>--job short</c>); the tables also go to
/// docs/micro-benchmarks.md.
/// </summary>
public static class MicroBenchmarks
{
    public static void Run(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromTypes([typeof(EventDispatchBenchmarks), typeof(PresenceBenchmarks), typeof(MessageBenchmarks)])
            .Run(args.Any(a => a.StartsWith("--filter", StringComparison.Ordinal)) ? args : [.. args, "--filter", "*"], DefaultConfig.Instance)
            .ToList();
        if (summaries.Count == 0)
        {
            return;
        }

        var md = new StringBuilder();
        md.AppendLine("# Micro-benchmarks");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by `dotnet run -c Release --project LetsChat.Benchmarks -- micro {string.Join(' ', args)}`, which wrote this file.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}.");
        md.AppendLine();
        md.AppendLine("- `EventDispatchBenchmarks.PublishAndDeliverToAll`: one message published on the in-process bus to a room with 1,000 subscriptions,");
        md.AppendLine("  each an `OrderedDelivery` (as every open circuit has), until all 1,000 deliveries have run (in the delivery lanes, `DeliveryLanes`).");
        md.AppendLine("- `PresenceBenchmarks`: a circuit opening and closing, for a user with another tab open and for one whose only tab it is.");
        md.AppendLine("- `MessageBenchmarks`: `MessageRules.Check` on an ordinary and on the longest body; a row's shared HTML looked up (each circuit, each render) and built (once per message); the `MessageRow` component a reader's own message gets, rendered to HTML.");
        md.AppendLine();
        foreach (var summary in summaries)
        {
            var logger = new AccumulationLogger();
            MarkdownExporter.GitHub.ExportToLog(summary, logger);
            md.AppendLine(logger.GetLog());
            md.AppendLine();
        }

        File.WriteAllText(Path.Combine(PerformanceReport.RepositoryRoot(), "docs", "micro-benchmarks.md"), md.ToString());
    }
}

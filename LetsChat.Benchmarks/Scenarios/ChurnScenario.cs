using LetsChat.Benchmarks.Report;

namespace LetsChat.Benchmarks.Scenarios;

public static class ChurnScenario
{
    public static Task RunAsync(BenchOptions options, BenchResults results, CancellationToken cancellationToken)
    {
        results.Notes.Add("churn: not measured yet.");
        return Task.CompletedTask;
    }
}

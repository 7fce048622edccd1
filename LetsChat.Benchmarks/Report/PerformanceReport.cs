namespace LetsChat.Benchmarks.Report;

public static class PerformanceReport
{
    public static string Write(BenchResults results, bool quick) => "(not yet)";
}

namespace LetsChat.Benchmarks.Micro;

public static class MicroBenchmarks
{
    public static void Run(string[] args) { }
}

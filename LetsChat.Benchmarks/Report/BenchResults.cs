using LetsChat.Benchmarks.Load;

namespace LetsChat.Benchmarks.Report;

/// <summary>Circuits of one kind held open, and what they cost the server.</summary>
public sealed record IdleResult(string System, int Circuits, int Opened, long WorkingSetBefore, long WorkingSetAfter, long HeapBefore, long HeapAfter)
{
    public double WorkingSetPerCircuitKb => (WorkingSetAfter - WorkingSetBefore) / 1024.0 / Math.Max(1, Opened);

    public double HeapPerCircuitKb => (HeapAfter - HeapBefore) / 1024.0 / Math.Max(1, Opened);
}

public sealed record StoreResult(string Database, int Senders, int Stored, double Seconds, bool SequencesWithoutGaps)
{
    public double PerSecond => Stored / Seconds;
}

public sealed record ChurnResult(int Opened, int Closed, double Seconds, long StatusEventsExpected, long StatusEventsDelivered, long HeapBefore, long HeapAfter, long WorkingSetBefore, long WorkingSetAfter, int CircuitsAfter);

/// <summary>Everything one run measured, for the tables and docs/performance.md.</summary>
public sealed class BenchResults
{
    public List<IdleResult> Idle { get; } = [];

    public List<FanoutResult> Fanout { get; } = [];

    public List<StoreResult> Store { get; } = [];

    public List<ChurnResult> Churn { get; } = [];

    public List<Scenarios.UploadResult> Uploads { get; } = [];

    public List<Scenarios.SearchResult> Search { get; } = [];

    public List<ScaleoutResult> Scaleout { get; } = [];

    public List<Scenarios.DayResult> Day { get; } = [];

    public List<string> Notes { get; } = [];

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
}

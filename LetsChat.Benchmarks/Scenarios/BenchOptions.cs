namespace LetsChat.Benchmarks.Scenarios;

/// <summary>How big a run is. The full size is what docs/performance.md reports; the smoke size runs in seconds.</summary>
public sealed record BenchOptions(
    IReadOnlyList<int> IdleCircuits,
    IReadOnlyList<int> FanoutWatchers,
    IReadOnlyList<int> FanoutRates,
    bool SearchCeiling,
    int Senders,
    double SecondsPerStep,
    int StoreSeconds,
    int ChurnSeconds,
    int WarmUpRounds,
    int ReactionRate = 20,
    long UploadBytes = 25 * 1024 * 1024,
    int UploadWatchers = 100,
    int ParallelUploads = 20,
    long ParallelUploadBytes = 5 * 1024 * 1024)
{
    public static BenchOptions Full { get; } = new([500, 1000, 2000, 5000, 10_000], [100, 1000], [5, 20, 50, 150], true, 100, 6, 5, 60, 25);

    public static BenchOptions Quick { get; } = new([20], [20], [5, 20], false, 4, 2, 1, 5, 1, 20, 2 * 1024 * 1024, 20, 4, 1024 * 1024) { SearchCorpus = Corpus.CorpusSize.Quick, ScaleoutWatchers = 10, ScaleoutSenders = 2, Day = DaySize.Quick };

    /// <summary>Public-room watchers on each of the scale-out's two instances.</summary>
    public int ScaleoutWatchers { get; init; } = 500;

    /// <summary>Senders opened on each instance (one per 2.5 messages/s of the highest rate, half on each).</summary>
    public int ScaleoutSenders { get; init; } = 10;

    public IReadOnlyList<int> ScaleoutRates { get; init; } = [20, 50];

    public bool ScaleoutRedisRestart { get; init; } = true;

    /// <summary>The day scenario's size.</summary>
    public DaySize Day { get; init; } = DaySize.Full;

    /// <summary>The generated chat that the search scenario loads and searches.</summary>
    public Corpus.CorpusSize SearchCorpus { get; init; } = Corpus.CorpusSize.Full;

    /// <summary>Messages in a step at <paramref name="rate"/>: a few seconds' worth, bounded.</summary>
    public int MessagesAt(int rate) => (int)Math.Clamp(rate * SecondsPerStep, 20, 2400);
}

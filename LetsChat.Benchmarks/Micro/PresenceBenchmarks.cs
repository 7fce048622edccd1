using BenchmarkDotNet.Attributes;
using LetsChat.Server.Presence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LetsChat.Benchmarks.Micro;

/// <summary>A circuit opening and closing for a user who has another tab open, and for one who goes offline (then back).</summary>
[MemoryDiagnoser]
public class PresenceBenchmarks
{
    private readonly PresenceService _presence = new(new FixedOptions(new PresenceOptions()), TimeProvider.System, NullLogger<PresenceService>.Instance);
    private readonly NoControl _control = new();

    [GlobalSetup]
    public void Setup() => _presence.CircuitOpened(1, "first-tab", _control);

    [Benchmark]
    public void OpenAndCloseSecondTab()
    {
        _presence.CircuitOpened(1, "second-tab", _control);
        _presence.CircuitClosed(1, "second-tab");
    }

    [Benchmark]
    public void OpenAndCloseOnlyTab()
    {
        // Closing starts the grace period; opening again within it keeps the user online without an event.
        _presence.CircuitOpened(2, "only-tab", _control);
        _presence.CircuitClosed(2, "only-tab");
        while (_presence.Changes.TryRead(out _))
        {
        }
    }

    private sealed class NoControl : ICircuitControl
    {
        public string? SessionId => null;

        public void Close(string reason)
        {
        }
    }

    private sealed class FixedOptions(PresenceOptions value) : IOptionsMonitor<PresenceOptions>
    {
        public PresenceOptions CurrentValue => value;

        public PresenceOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<PresenceOptions, string?> listener) => null;
    }
}

using Microsoft.Extensions.Options;

namespace LetsChat.Tests.Support;

/// <summary>Options that are what the test says they are.</summary>
public sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

using BenchmarkDotNet.Attributes;
using LetsChat.Components.Chat;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsChat.Benchmarks.Micro;

/// <summary>Validating a message body (every send), and rendering one message row (every new message, in every circuit).</summary>
[MemoryDiagnoser]
public class MessageBenchmarks : IAsyncDisposable
{
    private static readonly string Short = "  Hello, everyone! Is the meeting still at three?  ";
    private static readonly string Longest = new('x', MessageRules.MaxLength);
    private readonly ChatMessage _message = new(42, 1, 42, 7, "Alice Example", null, "Hello, everyone! Is the meeting still at three?", DateTimeOffset.UnixEpoch);
    private ServiceProvider _services = null!;
    private HtmlRenderer _renderer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).BuildServiceProvider();
        _renderer = new HtmlRenderer(_services, NullLoggerFactory.Instance);
    }

    [GlobalCleanup]
    public async Task Cleanup() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_renderer is not null)
        {
            await _renderer.DisposeAsync();
            await _services.DisposeAsync();
            _renderer = null!;
        }

        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public string? CheckShortMessage() => MessageRules.Check(Short, out _);

    [Benchmark]
    public string? CheckLongestMessage() => MessageRules.Check(Longest, out _);

    [Benchmark]
    public Task<string> RenderMessageRow() => _renderer.Dispatcher.InvokeAsync(async () =>
    {
        var output = await _renderer.RenderComponentAsync<MessageRow>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Message"] = _message }));
        return output.ToHtmlString();
    });
}

using BenchmarkDotNet.Attributes;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LetsChat.Benchmarks.Micro;

/// <summary>
/// Validating a message body (every send); a message row's shared HTML, built once per message and looked up by every
/// circuit that shows it; and the row component that the reader's own messages get.
/// </summary>
[MemoryDiagnoser]
public class MessageBenchmarks : IAsyncDisposable
{
    private static readonly string Short = "  Hello, everyone! Is the meeting still at three?  ";
    private static readonly string Longest = new('x', MessageRules.MaxLength);
    private readonly ChatMessage _message = new(42, 1, 42, 7, "Alice Example", null, "Hello, everyone! Is the meeting still at three?", DateTimeOffset.UnixEpoch);
    private ServiceProvider _services = null!;
    private HtmlRenderer _renderer = null!;
    private MessageRowMarkup _rows = null!;
    private readonly DateOnly _today = new(1970, 1, 1);
    private readonly MessageRowContext _ownRow = new(new MessageReader(7, "Alice Example", null, CanWrite: true, CanModerate: false, Actions: null), null, TimeZoneInfo.Utc, new DateOnly(1970, 1, 1));

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton<IMessageHtml, LetsChat.Server.Chat.MessageMarkdown>()
            .AddSingleton<MessageRowMarkup>()
            .BuildServiceProvider();
        _renderer = new HtmlRenderer(_services, NullLoggerFactory.Instance);
        _rows = _services.GetRequiredService<MessageRowMarkup>();
        _rows.Of(_message, TimeZoneInfo.Utc, _today);
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

    /// <summary>What each circuit pays per row it renders: a lookup of the shared HTML.</summary>
    [Benchmark]
    public string SharedRowHtml() => _rows.Of(_message, TimeZoneInfo.Utc, _today);

    /// <summary>What the server pays once per message (and reader's time zone and day).</summary>
    [Benchmark]
    public string BuildRowHtml() => _rows.Build(_message, TimeZoneInfo.Utc, _today);

    /// <summary>The component a reader's own message gets (with Edit and Delete).</summary>
    [Benchmark]
    public Task<string> RenderMessageRow() => _renderer.Dispatcher.InvokeAsync(async () =>
    {
        var output = await _renderer.RenderComponentAsync<MessageRow>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Message"] = _message, ["Context"] = _ownRow }));
        return output.ToHtmlString();
    });
}

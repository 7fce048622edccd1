using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MessagePack;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// A Blazor Server circuit opened without a browser, the way blazor.web.js opens one: load the page, read its
/// component markers, connect to /_blazor with the blazorpack protocol (<see cref="LeanHubConnection"/>),
/// StartCircuit, then UpdateRootComponents.
/// It acknowledges every render batch, answers every JS interop call with an empty success, and dispatches browser
/// events through the renderer's interop object, so that a message typed here goes through the real composer.
/// </summary>
public sealed partial class BlazorCircuit : IAsyncDisposable
{
    private LeanHubConnection _connection = default!;
    private readonly Action<BlazorCircuit, ReadOnlyMemory<byte>>? _onBatch;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _calls = new();
    private readonly TaskCompletionSource _firstRender = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _interopAttached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _handlersLock = new();
    private readonly List<RenderedHandler> _handlers = [];
    private long _nextCallId;
    private long _interopObjectId;
    private bool _watchHandlers = true;

    private readonly SimulatedUser _user;

    private BlazorCircuit(SimulatedUser user, Action<BlazorCircuit, ReadOnlyMemory<byte>>? onBatch)
    {
        _user = user;
        _onBatch = onBatch;
    }

    public string? CircuitId { get; private set; }

    /// <summary>The error the server reported (JS.Error) or the reason the connection closed.</summary>
    public string? Error { get; private set; }

    public bool Closed { get; private set; }

    public long BatchesReceived => Interlocked.Read(ref _batches);

    private long _batches;

    /// <summary>
    /// Loads <paramref name="path"/> as <paramref name="user"/> and starts its circuit; returns once the first render
    /// batch has arrived and the renderer's interop object is known.
    /// </summary>
    /// <param name="onBatch">Called with every render batch's bytes, on the connection's receive loop.</param>
    public static async Task<BlazorCircuit> OpenAsync(SimulatedUser user, string path, Action<BlazorCircuit, ReadOnlyMemory<byte>>? onBatch, CancellationToken cancellationToken)
    {
        var page = await user.Http.GetAsync(path, cancellationToken);
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        var markers = ComponentMarker().Matches(html)
            .Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => (string?)m["type"] == "server")
            .OrderBy(m => (int?)m["sequence"] ?? 0)
            .ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{path} has no interactive server components.");
        }

        var state = ServerState().Match(html) is { Success: true } s ? s.Groups[1].Value : string.Empty;
        var circuit = new BlazorCircuit(user, onBatch);
        try
        {
            circuit._connection = await LeanHubConnection.ConnectAsync(user.Http, new Uri(user.Server, "_blazor"), user.Cookies, "blazorpack", circuit.OnInvocationAsync, cancellationToken);
            circuit._connection.Closed += circuit.OnClosed;
            var baseUri = user.Server.ToString();
            var pageUri = new Uri(user.Server, path).ToString();
            var started = await circuit._connection.InvokeAsync("StartCircuit", 4, (ref MessagePackWriter w) =>
            {
                w.Write(baseUri);
                w.Write(pageUri);
                w.Write("[]");
                w.Write(state);
            }, cancellationToken);
            circuit.CircuitId = new MessagePackReader(started).ReadString()
                ?? throw new InvalidOperationException("The server refused to start the circuit.");
            var operations = new JsonObject
            {
                ["batchId"] = 1,
                ["operations"] = new JsonArray(markers.Select((marker, i) => (JsonNode)new JsonObject
                {
                    ["type"] = "add",
                    ["ssrComponentId"] = i + 1,
                    ["marker"] = marker,
                }).ToArray()),
            };
            var operationsJson = operations.ToJsonString();
            await circuit._connection.SendAsync("UpdateRootComponents", 2, (ref MessagePackWriter w) =>
            {
                w.Write(operationsJson);
                w.Write(state);
            }, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await Task.WhenAll(circuit._firstRender.Task, circuit._interopAttached.Task).WaitAsync(timeout.Token);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    /// <summary>The event handlers seen so far on elements matching <paramref name="match"/>, newest last.</summary>
    public RenderedHandler? FindHandler(string elementName, string eventName, Func<IReadOnlyDictionary<string, string?>, bool> match)
    {
        lock (_handlersLock)
        {
            return _handlers.LastOrDefault(h => h.ElementName == elementName && h.EventName == eventName && match(h.Attributes));
        }
    }

    /// <summary>Stops reading event handlers out of batches (a pure watcher has no use for them).</summary>
    public void StopWatchingHandlers()
    {
        _watchHandlers = false;
        lock (_handlersLock)
        {
            _handlers.Clear();
        }
    }

    /// <summary>Dispatches a browser event as blazor.web.js does, and completes when the server has handled it.</summary>
    public async Task DispatchEventAsync(ulong eventHandlerId, string eventName, object eventArgs, CancellationToken cancellationToken)
    {
        var callId = Interlocked.Increment(ref _nextCallId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[callId] = done;
        var argsJson = JsonSerializer.Serialize(new object?[]
        {
            new { eventHandlerId, eventName, eventFieldInfo = (object?)null },
            eventArgs,
        });
        var objectId = _interopObjectId;
        await _connection.SendAsync("BeginInvokeDotNetFromJS", 5, (ref MessagePackWriter w) =>
        {
            w.Write(callId);
            w.WriteNil();
            w.Write("DispatchEventAsync");
            w.Write(objectId);
            w.Write(argsJson);
        }, cancellationToken);
        try
        {
            // A server that never answers (a circuit it dropped) must not hold a simulated hand for ever.
            await done.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        finally
        {
            _calls.TryRemove(callId, out _);
        }
    }

    /// <summary>Waits until the composer (textbox Message, its form) has been rendered.</summary>
    public async Task WaitForComposerAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (FindComposer() is null)
        {
            if (Closed)
            {
                throw new InvalidOperationException($"The circuit closed before the composer was rendered: {Error}");
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Types <paramref name="text"/> into the composer and submits it (what Enter does), waiting for the send to finish.</summary>
    public async Task SendMessageAsync(string text, Action? beforeSubmit, CancellationToken cancellationToken)
    {
        var (input, submit) = FindComposer() ?? throw new InvalidOperationException("No composer has been rendered.");
        var typed = DispatchEventAsync(input.EventHandlerId, "input", new { value = text }, cancellationToken);
        beforeSubmit?.Invoke();
        var sent = DispatchEventAsync(submit.EventHandlerId, "submit", new { }, cancellationToken);
        await Task.WhenAll(typed, sent);
    }

    /// <summary>Types <paramref name="text"/> into the composer without sending it (the room sees who is typing).</summary>
    public Task TypeAsync(string text, CancellationToken cancellationToken)
    {
        var (input, _) = FindComposer() ?? throw new InvalidOperationException("No composer has been rendered.");
        return DispatchEventAsync(input.EventHandlerId, "input", new { value = text }, cancellationToken);
    }

    /// <summary>
    /// Toggles the user's <paramref name="emoji"/> on a message as a click on its chip does: letschat.js's row action
    /// event on the message log, waiting for the server to handle it.
    /// </summary>
    public Task ReactAsync(long messageId, string emoji, Action? beforeDispatch, CancellationToken cancellationToken)
    {
        var log = FindHandler("div", "rowaction", a => a.TryGetValue("class", out var css) && css == "message-log")
            ?? throw new InvalidOperationException("No message log has been rendered.");
        beforeDispatch?.Invoke();
        return DispatchEventAsync(log.EventHandlerId, "rowaction", new { action = "toggle", message = messageId, emoji, text = (string?)null }, cancellationToken);
    }

    private (RenderedHandler Input, RenderedHandler Submit)? FindComposer()
    {
        var input = FindHandler("textarea", "input", a => a.TryGetValue("aria-label", out var label) && label == "Message");
        var submit = FindHandler("form", "submit", a => a.TryGetValue("class", out var css) && css == "composer");
        return input is not null && submit is not null ? (input, submit) : null;
    }

    /// <summary>Closes the circuit as closing the tab does: the disconnect beacon, then the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (CircuitId is not null && !Closed)
        {
            try
            {
                using var form = new MultipartFormDataContent { { new StringContent(CircuitId), "circuitId" } };
                using var _ = await _user.Http.PostAsync("_blazor/disconnect", form);
            }
            catch (HttpRequestException)
            {
                // The server is gone already; the connection's close says the same.
            }
            catch (ObjectDisposedException)
            {
                // The user's client was disposed first.
            }
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private void OnClosed(string? reason)
    {
        Closed = true;
        Error ??= reason;
        _firstRender.TrySetException(new InvalidOperationException($"The circuit closed: {Error}"));
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex ComponentMarker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex ServerState();

    [GeneratedRegex("\"__dotNetObject\":(\\d+)")]
    private static partial Regex DotNetObject();
}

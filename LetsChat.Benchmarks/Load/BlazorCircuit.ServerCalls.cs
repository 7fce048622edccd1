using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MessagePack;

namespace LetsChat.Benchmarks.Load;

/// <summary>What the server sends the circuit: render batches, JS interop calls, the replies to events, errors.</summary>
public sealed partial class BlazorCircuit
{
    // The server's calls, read in place: render batches, JS interop calls, the replies to events, errors.
    private async ValueTask OnInvocationAsync(string target, ReadOnlySequence<byte> arguments)
    {
        var reader = new MessagePackReader(arguments);
        reader.ReadArrayHeader();
        switch (target)
        {
            case "JS.RenderBatch":
                var batchId = reader.ReadInt64();
                var data = reader.ReadBytes() ?? default;
                await OnRenderBatchAsync(batchId, data.IsSingleSegment ? data.First : data.ToArray());
                break;
            case "JS.BeginInvokeJS":
                var asyncHandle = reader.ReadInt64();
                var identifier = reader.ReadString() ?? string.Empty;
                var argsJson = reader.ReadString();
                await OnBeginInvokeJSAsync(asyncHandle, identifier, argsJson);
                break;
            case "JS.EndInvokeDotNet":
                var callId = reader.ReadString() ?? string.Empty;
                var succeeded = reader.ReadBoolean();
                var result = reader.ReadString();
                OnEndInvokeDotNet(callId, succeeded, result);
                break;
            case "JS.Error":
                Error ??= reader.ReadString();
                break;
        }
    }

    private async Task OnRenderBatchAsync(long batchId, ReadOnlyMemory<byte> data)
    {
        Interlocked.Increment(ref _batches);
        try
        {
            if (_watchHandlers)
            {
                var changes = RenderBatchReader.ReadHandlers(data.Span);
                lock (_handlersLock)
                {
                    ApplyHandlerChanges(changes);
                }
            }

            _onBatch?.Invoke(this, data);
        }
        finally
        {
            await _connection.SendAsync("OnRenderCompleted", 2, (ref MessagePackWriter w) =>
            {
                w.Write(batchId);
                w.WriteNil();
            });
        }

        _firstRender.TrySetResult();
    }

    // A re-render may give an existing element's handler a new id and dispose the old one (as @bind does): follow it.
    private void ApplyHandlerChanges(HandlerChanges changes)
    {
        for (var i = _handlers.Count - 1; i >= 0; i--)
        {
            var handler = _handlers[i];
            if (!changes.Disposed.Contains(handler.EventHandlerId))
            {
                continue;
            }

            var replacement = changes.Replacements.FindIndex(r => r.EventName == handler.EventName);
            if (replacement >= 0)
            {
                _handlers[i] = handler with { EventHandlerId = changes.Replacements[replacement].EventHandlerId };
                changes.Replacements.RemoveAt(replacement);
            }
            else
            {
                _handlers.RemoveAt(i);
            }
        }

        _handlers.AddRange(changes.Added);
    }

    private async Task OnBeginInvokeJSAsync(long asyncHandle, string identifier, string? argsJson)
    {
        if (identifier == "Blazor._internal.attachWebRendererInterop" && argsJson is not null
            && DotNetObject().Match(argsJson) is { Success: true } reference)
        {
            _interopObjectId = long.Parse(reference.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            _interopAttached.TrySetResult();
        }

        if (asyncHandle != 0)
        {
            var reply = $"[{asyncHandle},true,null]";
            await _connection.SendAsync("EndInvokeJSFromDotNet", 3, (ref MessagePackWriter w) =>
            {
                w.Write(asyncHandle);
                w.Write(true);
                w.Write(reply);
            });
        }
    }

    private void OnEndInvokeDotNet(string callId, bool succeeded, string? result)
    {
        if (_calls.TryRemove(callId, out var call))
        {
            if (succeeded)
            {
                call.TrySetResult(result);
            }
            else
            {
                call.TrySetException(new InvalidOperationException($"The server failed the call: {result}"));
            }
        }
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using MessagePack;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// A SignalR client for thousands of simulated users on one machine: WebSockets and the MessagePack hub protocol
/// (under the name "blazorpack" for Blazor Server, "messagepack" for a plain hub), and nothing else. It reads each
/// message in place from one reused buffer and writes replies without an object model, so that the load client
/// takes as little of the machine as it can from the server it measures. Blazor circuits and the bare hub's
/// watchers both use it, so both are measured through the same client code.
/// </summary>
public sealed partial class LeanHubConnection : IAsyncDisposable
{
    /// <summary>Called on the receive loop with an invocation's target and a reader at its argument array.</summary>
    public delegate ValueTask InvocationHandler(string target, ReadOnlySequence<byte> arguments);

    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ReadOnlySequence<byte>>> _calls = new();
    private readonly CancellationTokenSource _stop = new();
    private InvocationHandler _onInvocation = static (_, _) => ValueTask.CompletedTask;
    private Task? _receiving;
    private Timer? _ping;
    private long _nextInvocationId;

    private LeanHubConnection(ClientWebSocket socket) => _socket = socket;

    /// <summary>Raised once, with the server's reason (if any), when the connection ends.</summary>
    public event Action<string?>? Closed;

    public bool IsClosed { get; private set; }

    /// <summary>Negotiates, opens the WebSocket and completes the handshake; invocations reach <paramref name="onInvocation"/>.</summary>
    public static async Task<LeanHubConnection> ConnectAsync(
        HttpClient http, Uri hub, CookieContainer cookies, string protocol, InvocationHandler onInvocation, CancellationToken cancellationToken)
    {
        using var negotiate = await http.PostAsync(new Uri(hub, $"{hub.AbsolutePath.TrimEnd('/')}/negotiate?negotiateVersion=1"), null, cancellationToken);
        negotiate.EnsureSuccessStatusCode();
        var negotiation = await negotiate.Content.ReadFromJsonAsync<Negotiation>(cancellationToken)
            ?? throw new InvalidOperationException("The server's negotiate response was empty.");
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
        // As browsers do: they offer permessage-deflate, and a server that accepts it compresses every message.
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        var address = new UriBuilder(hub)
        {
            Scheme = hub.Scheme == "https" ? "wss" : "ws",
            Query = $"id={Uri.EscapeDataString(negotiation.ConnectionToken ?? negotiation.ConnectionId ?? string.Empty)}",
        }.Uri;
        var connection = new LeanHubConnection(socket) { _onInvocation = onInvocation };
        try
        {
            await socket.ConnectAsync(address, cancellationToken);
            await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"protocol\":\"{protocol}\",\"version\":1}}\u001e"), WebSocketMessageType.Text, true, cancellationToken);
            await connection.ReadHandshakeAsync(cancellationToken);
            connection._receiving = connection.ReceiveLoopAsync();
            connection._ping = new Timer(static state => _ = ((LeanHubConnection)state!).PingAsync(), connection, PingEvery, PingEvery);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends an invocation that expects no reply.</summary>
    public Task SendAsync(string target, int argumentCount, WriteArguments writeArguments, CancellationToken cancellationToken = default) =>
        WriteAsync(target, null, argumentCount, writeArguments, cancellationToken);

    /// <summary>Invokes a hub method and returns its result's MessagePack bytes (nil for a void method).</summary>
    public async Task<ReadOnlySequence<byte>> InvokeAsync(string target, int argumentCount, WriteArguments writeArguments, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var call = new TaskCompletionSource<ReadOnlySequence<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = call;
        try
        {
            await WriteAsync(target, id, argumentCount, writeArguments, cancellationToken);
            return await call.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    public delegate void WriteArguments(ref MessagePackWriter writer);

    public async ValueTask DisposeAsync()
    {
        _ping?.Dispose();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already going.
            }
        }

        _stop.Cancel();
        if (_receiving is not null)
        {
            await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task WriteAsync(string target, string? invocationId, int argumentCount, WriteArguments writeArguments, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(128);
        var writer = new MessagePackWriter(body);
        writer.WriteArrayHeader(6);
        writer.Write(1); // invocation
        writer.WriteMapHeader(0);
        if (invocationId is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(invocationId);
        }

        writer.Write(target);
        writer.WriteArrayHeader(argumentCount);
        writeArguments(ref writer);
        writer.WriteArrayHeader(0); // stream ids
        writer.Flush();
        await SendFramedAsync(body.WrittenMemory, cancellationToken);
    }

    private async Task PingAsync()
    {
        try
        {
            await SendFramedAsync(new byte[] { 0x91, 0x06 }, _stop.Token); // [6]
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is ending; its receive loop reports why.
        }
    }

    // Each message goes in a binary frame after its length as a 7-bit varint.
    private async Task SendFramedAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(message.Length + 5);
        try
        {
            var length = 0;
            var remaining = (uint)message.Length;
            do
            {
                var part = (byte)(remaining & 0x7f);
                remaining >>= 7;
                frame[length++] = remaining > 0 ? (byte)(part | 0x80) : part;
            }
            while (remaining > 0);

            message.Span.CopyTo(frame.AsSpan(length));
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                await _socket.SendAsync(frame.AsMemory(0, length + message.Length), WebSocketMessageType.Binary, true, cancellationToken);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private sealed record Negotiation(string? ConnectionToken, string? ConnectionId);
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using MessagePack;

namespace LetsChat.Benchmarks.Load;

/// <summary>Reading the server: the handshake, framed messages, and the invocations in them.</summary>
public sealed partial class LeanHubConnection
{
    private async Task ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var received = 0;
        while (Array.IndexOf(buffer, (byte)0x1e, 0, received) < 0)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(received), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The server closed the connection during the handshake.");
            }

            received += result.Count;
        }

        var response = Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0x1e, 0, received));
        if (response.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The server refused the handshake: {response}");
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        string? reason = null;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    reason = _socket.CloseStatusDescription;
                    break;
                }

                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var consumed = 0;
                while (TryReadLength(buffer.AsSpan(consumed, filled - consumed), out var prefix, out var length) && consumed + prefix + length <= filled)
                {
                    var closedBy = await DispatchAsync(new ReadOnlySequence<byte>(buffer, consumed + prefix, length));
                    consumed += prefix + length;
                    if (closedBy is not null)
                    {
                        reason = closedBy;
                        return;
                    }
                }

                // Whatever is left is the start of a message split across frames; keep it at the front.
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            reason ??= _stop.IsCancellationRequested ? null : ex.Message;
        }
        finally
        {
            IsClosed = true;
            foreach (var call in _calls.Values)
            {
                call.TrySetException(new InvalidOperationException($"The connection closed: {reason}"));
            }

            Closed?.Invoke(reason);
        }
    }

    private static bool TryReadLength(ReadOnlySpan<byte> data, out int prefix, out int length)
    {
        length = 0;
        for (prefix = 0; prefix < Math.Min(5, data.Length); prefix++)
        {
            length |= (data[prefix] & 0x7f) << (7 * prefix);
            if ((data[prefix] & 0x80) == 0)
            {
                prefix++;
                return true;
            }
        }

        return false;
    }

    // Returns the close reason when the message was a Close.
    private async ValueTask<string?> DispatchAsync(ReadOnlySequence<byte> message)
    {
        var reader = new MessagePackReader(message);
        reader.ReadArrayHeader();
        switch (reader.ReadInt32())
        {
            case 1: // invocation: headers, invocation id, target, arguments
                reader.Skip();
                reader.Skip();
                var target = reader.ReadString() ?? string.Empty;
                await _onInvocation(target, message.Slice(reader.Position));
                return null;
            case 3: // completion: headers, invocation id, result kind, result or error
                reader.Skip();
                var id = reader.ReadString() ?? string.Empty;
                var kind = reader.ReadInt32();
                if (_calls.TryGetValue(id, out var call))
                {
                    if (kind == 1)
                    {
                        call.TrySetException(new InvalidOperationException($"The server failed {id}: {reader.ReadString()}"));
                    }
                    else
                    {
                        // Copied: the receive buffer is reused once this returns.
                        call.TrySetResult(new ReadOnlySequence<byte>(kind == 3 ? message.Slice(reader.Position).ToArray() : [0xc0]));
                    }
                }

                return null;
            case 7: // close: error
                return reader.TryReadNil() ? "closed by the server" : reader.ReadString() ?? "closed by the server";
            default: // ping, or anything this client never asked for
                return null;
        }
    }
}

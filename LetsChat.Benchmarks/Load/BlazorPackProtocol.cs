using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// Blazor Server's hub protocol: the SignalR MessagePack protocol under the name blazor.web.js announces in its
/// handshake ("blazorpack").
/// </summary>
public sealed class BlazorPackProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol _messagePack = new();

    public string Name => "blazorpack";

    public int Version => _messagePack.Version;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => _messagePack.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        _messagePack.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _messagePack.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _messagePack.GetMessageBytes(message);
}

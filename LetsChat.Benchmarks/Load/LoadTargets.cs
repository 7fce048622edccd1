using LetsChat.Benchmarks.Hosting;
using MessagePack;

namespace LetsChat.Benchmarks.Load;

/// <summary>Someone who posts messages, one after another.</summary>
public interface IMessageSender : IAsyncDisposable
{
    /// <summary>Posts <paramref name="body"/>; <paramref name="sending"/> runs at the moment the message leaves (the clock starts).</summary>
    Task SendAsync(string body, Action sending, CancellationToken cancellationToken);

    /// <summary>Gives <paramref name="emoji"/> to a message, as a click on its chip does; null where the target has no reactions.</summary>
    Task ReactAsync(long messageId, string emoji, Action sending, CancellationToken cancellationToken) => throw new NotSupportedException("This target has no reactions.");
}

/// <summary>What a fan-out run loads: Let's Chat through real circuits, or the bare hub, opened by the same runner.</summary>
public interface ILoadTarget
{
    string Name { get; }

    /// <summary>Opens watcher number <paramref name="watcher"/>; it reports each message it notices in <paramref name="log"/>() when not null.</summary>
    Task<IAsyncDisposable> OpenWatcherAsync(int watcher, Func<DeliveryLog?> log, CancellationToken cancellationToken);

    Task<IMessageSender> OpenSenderAsync(int sender, CancellationToken cancellationToken);
}

/// <summary>Let's Chat: each watcher and sender is a signed-in user with a circuit on /chat (the public room).</summary>
public sealed class LetsChatTarget(Uri server, string namePrefix = "Watcher") : ILoadTarget
{
    public string Name => "Let's Chat";

    public async Task<IAsyncDisposable> OpenWatcherAsync(int watcher, Func<DeliveryLog?> log, CancellationToken cancellationToken)
    {
        var user = await SimulatedUser.SignInAsync(server, $"{namePrefix} {watcher}", cancellationToken);
        var circuit = await BlazorCircuit.OpenAsync(user, "/chat", (_, batch) =>
        {
            if (log() is { } current)
            {
                RenderBatchReader.FindNumberedStrings(batch.Span, current.PrefixBytes, n => current.Seen(watcher, n));
                // A tab that fell far behind marks where its list jumped past messages it never showed ("51-750").
                RenderBatchReader.FindAttributeValues(batch.Span, "data-skipped", range => current.Skipped(watcher, range));
            }
        }, cancellationToken);
        circuit.StopWatchingHandlers();
        return new Owned(circuit, user);
    }

    public async Task<IMessageSender> OpenSenderAsync(int sender, CancellationToken cancellationToken)
    {
        var user = await SimulatedUser.SignInAsync(server, $"Sender {sender}", cancellationToken);
        var circuit = await BlazorCircuit.OpenAsync(user, "/chat", null, cancellationToken);
        await circuit.WaitForComposerAsync(cancellationToken);
        return new CircuitSender(circuit, user);
    }

    private sealed class CircuitSender(BlazorCircuit circuit, SimulatedUser user) : IMessageSender
    {
        public Task SendAsync(string body, Action sending, CancellationToken cancellationToken) =>
            circuit.SendMessageAsync(body, sending, cancellationToken);

        public Task ReactAsync(long messageId, string emoji, Action sending, CancellationToken cancellationToken) =>
            circuit.ReactAsync(messageId, emoji, sending, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await circuit.DisposeAsync();
            user.Dispose();
        }
    }

    private sealed class Owned(BlazorCircuit circuit, SimulatedUser user) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await circuit.DisposeAsync();
            user.Dispose();
        }
    }
}

/// <summary>
/// The bare platform: signed-in users on a SignalR hub (MessagePack), joined to one group, through the same lean
/// connection as the circuits.
/// </summary>
public sealed class BareHubTarget(Uri server) : ILoadTarget
{
    public string Name => "bare hub";

    public async Task<IAsyncDisposable> OpenWatcherAsync(int watcher, Func<DeliveryLog?> log, CancellationToken cancellationToken)
    {
        var user = await SimulatedUser.SignInAsync(server, $"Hub watcher {watcher}", cancellationToken);
        var connection = await ConnectAsync(user, (target, arguments) =>
        {
            if (target == "Message" && log() is { } current)
            {
                var reader = new MessagePackReader(arguments);
                reader.ReadArrayHeader();
                reader.Skip(); // the sequence number
                var text = reader.ReadStringSequence();
                var body = text.HasValue ? System.Buffers.BuffersExtensions.ToArray(text.Value) : [];
                if (body.AsSpan().StartsWith(current.PrefixBytes)
                    && System.Buffers.Text.Utf8Parser.TryParse(body.AsSpan(current.PrefixBytes.Length), out long n, out var used) && used == body.Length - current.PrefixBytes.Length)
                {
                    current.Seen(watcher, n);
                }
            }

            return ValueTask.CompletedTask;
        }, cancellationToken);
        await connection.InvokeAsync("Join", 0, static (ref MessagePackWriter _) => { }, cancellationToken);
        return new Owned(connection, user);
    }

    public async Task<IMessageSender> OpenSenderAsync(int sender, CancellationToken cancellationToken)
    {
        var user = await SimulatedUser.SignInAsync(server, $"Hub sender {sender}", cancellationToken);
        var connection = await ConnectAsync(user, static (_, _) => ValueTask.CompletedTask, cancellationToken);
        return new HubSender(connection, user);
    }

    private Task<LeanHubConnection> ConnectAsync(SimulatedUser user, LeanHubConnection.InvocationHandler onInvocation, CancellationToken cancellationToken) =>
        LeanHubConnection.ConnectAsync(user.Http, new Uri(server, BareChatHub.Path.TrimStart('/')), user.Cookies, "messagepack", onInvocation, cancellationToken);

    private sealed class HubSender(LeanHubConnection connection, SimulatedUser user) : IMessageSender
    {
        public Task SendAsync(string body, Action sending, CancellationToken cancellationToken)
        {
            sending();
            var id = Guid.NewGuid().ToString();
            return connection.InvokeAsync("Send", 2, (ref MessagePackWriter w) =>
            {
                w.Write(id);
                w.Write(body);
            }, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await connection.DisposeAsync();
            user.Dispose();
        }
    }

    private sealed class Owned(LeanHubConnection connection, SimulatedUser user) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await connection.DisposeAsync();
            user.Dispose();
        }
    }
}

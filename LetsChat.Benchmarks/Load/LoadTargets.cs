using LetsChat.Benchmarks.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LetsChat.Benchmarks.Load;

/// <summary>Someone who posts messages, one after another.</summary>
public interface IMessageSender : IAsyncDisposable
{
    /// <summary>Posts <paramref name="body"/>; <paramref name="sending"/> runs at the moment the message leaves (the clock starts).</summary>
    Task SendAsync(string body, Action sending, CancellationToken cancellationToken);
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

/// <summary>The bare platform: signed-in users on a SignalR hub (MessagePack), joined to one group.</summary>
public sealed class BareHubTarget(Uri server) : ILoadTarget
{
    public string Name => "bare hub";

    public async Task<IAsyncDisposable> OpenWatcherAsync(int watcher, Func<DeliveryLog?> log, CancellationToken cancellationToken)
    {
        var user = await SimulatedUser.SignInAsync(server, $"Hub watcher {watcher}", cancellationToken);
        var connection = Connect(user);
        connection.On<long, string>("Message", (_, body) =>
        {
            if (log() is { } current)
            {
                if (body.StartsWith(current.Prefix, StringComparison.Ordinal)
                    && long.TryParse(body.AsSpan(current.Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                {
                    current.Seen(watcher, n);
                }
            }
        });
        await connection.StartAsync(cancellationToken);
        await connection.InvokeAsync("Join", cancellationToken);
        return new Owned(connection, user);
    }

    public async Task<IMessageSender> OpenSenderAsync(int sender, CancellationToken cancellationToken)
    {
        var user = await SimulatedUser.SignInAsync(server, $"Hub sender {sender}", cancellationToken);
        var connection = Connect(user);
        await connection.StartAsync(cancellationToken);
        return new HubSender(connection, user);
    }

    private HubConnection Connect(SimulatedUser user)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(server, BareChatHub.Path.TrimStart('/')), options =>
            {
                options.Cookies = user.Cookies;
                options.Transports = HttpTransportType.WebSockets;
            })
            .AddMessagePackProtocol();
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
        return builder.Build();
    }

    private sealed class HubSender(HubConnection connection, SimulatedUser user) : IMessageSender
    {
        public Task SendAsync(string body, Action sending, CancellationToken cancellationToken)
        {
            sending();
            return connection.InvokeAsync("Send", Guid.NewGuid(), body, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await connection.DisposeAsync();
            user.Dispose();
        }
    }

    private sealed class Owned(HubConnection connection, SimulatedUser user) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await connection.DisposeAsync();
            user.Dispose();
        }
    }
}

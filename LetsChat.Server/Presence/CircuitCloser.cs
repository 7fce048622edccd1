using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Events;

namespace LetsChat.Server.Presence;

/// <summary>
/// Closes every circuit of a user on every instance: on this one at once, on the others when the event bus (Redis,
/// when scaled out) brings them the news. Used when a user signs out, so no tab anywhere keeps acting for them.
/// </summary>
public sealed class CircuitCloser(IEventBus bus, PresenceService presence, ILogger<CircuitCloser> logger) : IHostedService, IDisposable
{
    public const string Topic = "presence:close";

    private IDisposable? _subscription;

    /// <summary>Raised on every instance for every closing announced, before the circuits close: sessions forget their cache.</summary>
    public event Action<CircuitsClosed>? Closing;

    public async Task CloseEverywhereAsync(long userId, string reason, string[]? sessionIds = null)
    {
        var closed = new CircuitsClosed(userId, reason, sessionIds);
        Closing?.Invoke(closed);
        presence.CloseAllCircuits(userId, reason, sessionIds);
        try
        {
            await bus.PublishAsync<UserEvent>(Topic, closed);
        }
        catch (Exception ex)
        {
            logger.CloseElsewhereFailed(ex, userId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Closing renders a notice in each tab: hand it to the thread pool, never do it on the publisher's thread.
        _subscription = bus.Subscribe<UserEvent>(Topic, e =>
        {
            if (e is CircuitsClosed closed)
            {
                Closing?.Invoke(closed);
                ThreadPool.QueueUserWorkItem(_ => presence.CloseAllCircuits(closed.UserId, closed.Reason, closed.SessionIds));
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription?.Dispose();
}

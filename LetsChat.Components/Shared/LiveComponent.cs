using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Shared;

/// <summary>
/// A component that follows live events. Each batch of events is handled on the circuit's context, one batch at a
/// time, and a fault reaches the nearest error boundary (<see cref="Recoverable"/>) instead of ending the circuit.
/// What the component follows ends with it.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private readonly List<IDisposable> _following = [];

    /// <summary>Follows the circuit's user's events (friends, notifications, presence) until the component is disposed.</summary>
    protected async Task FollowAsync(IUserFeed feed, Func<IReadOnlyList<UserEvent>, Task> handle) => Keep(await feed.SubscribeAsync(OnCircuit(handle)));

    /// <summary>Runs <paramref name="refresh"/> on the circuit every <paramref name="interval"/> until the component is disposed.</summary>
    protected void Every(TimeProvider time, TimeSpan interval, Func<Task> refresh)
    {
        var run = OnCircuit<object>(_ => refresh());
        Keep(time.CreateTimer(_ => _ = run([]), null, interval, interval));
    }

    /// <summary>Ends <paramref name="subscription"/> with the component.</summary>
    protected void Keep(IDisposable? subscription)
    {
        if (subscription is not null)
        {
            _following.Add(subscription);
        }
    }

    /// <summary>A handler that the publisher's side may call from any thread: it runs on this circuit, and reports what it throws.</summary>
    protected Func<IReadOnlyList<T>, Task> OnCircuit<T>(Func<IReadOnlyList<T>, Task> handle) => events => InvokeAsync(async () =>
    {
        try
        {
            await handle(events);
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var subscription in _following)
            {
                subscription.Dispose();
            }

            _following.Clear();
        }
    }
}

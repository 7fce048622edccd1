using LetsChat.Components.Shared;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;

namespace LetsChat.Server.Events;

/// <summary>The current circuit's user's events, delivered in order off the publisher's thread. Scoped: ends with the circuit.</summary>
internal sealed class UserFeed(CurrentUser currentUser, IEventBus bus, DeliveryLanes lanes, UserCircuit circuit) : IUserFeed, IDisposable
{
    /// <summary>How many of a circuit's components may follow its user's events at once (the layout, the bell, a page).</summary>
    public const int MaxSubscriptions = 16;

    /// <summary>
    /// How many events may wait for a circuit that does not keep up. Past it, the circuit is closed with a notice: its
    /// screens show the database's state again when it reloads, so nothing is skipped, and the server holds nothing more.
    /// </summary>
    public const int MaxQueued = 5_000;

    public const string FellBehind = "This tab fell too far behind to keep up. Reload it to catch up.";

    private readonly SubscriptionBag _subscriptions = new(MaxSubscriptions);

    public async Task<IDisposable?> SubscribeAsync(Func<IReadOnlyList<UserEvent>, Task> onEvents)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        return _subscriptions.Track(new OrderedSubscription<UserEvent>(
            bus, lanes, EventTopics.User(me.Id), onEvents, maxQueued: MaxQueued, onOverflow: () => circuit.Close(FellBehind)));
    }

    public void Dispose() => _subscriptions.Dispose();
}

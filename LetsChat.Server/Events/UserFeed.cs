using LetsChat.Components.Shared;
using LetsChat.Server.Identity;

namespace LetsChat.Server.Events;

/// <summary>The current circuit's user's events, delivered in order off the publisher's thread. Scoped: ends with the circuit.</summary>
internal sealed class UserFeed(CurrentUser currentUser, IEventBus bus, ILogger<UserFeed> logger) : IUserFeed, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Lock _lock = new();

    public async Task<IDisposable?> SubscribeAsync(Func<IReadOnlyList<UserEvent>, Task> onEvents)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        var delivery = new OrderedDelivery<UserEvent>(onEvents, logger);
        var busSubscription = bus.Subscribe<UserEvent>(EventTopics.User(me.Id), delivery.Post);
        var subscription = new Subscription(delivery, busSubscription);
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var subscription in _subscriptions)
            {
                subscription.Dispose();
            }

            _subscriptions.Clear();
        }
    }

    private sealed class Subscription(OrderedDelivery<UserEvent> delivery, IDisposable busSubscription) : IDisposable
    {
        public void Dispose()
        {
            busSubscription.Dispose();
            delivery.Dispose();
        }
    }
}

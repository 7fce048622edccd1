namespace LetsChat.Server.Events;

/// <summary>
/// A topic's events on their way to one subscriber: in order, a batch at a time, off the publisher's thread (an
/// <see cref="OrderedDelivery{T}"/>). Disposing it ends the bus subscription and drops what still waits.
/// </summary>
public sealed class OrderedSubscription<T> : IDisposable
    where T : class
{
    private readonly OrderedDelivery<T> _delivery;
    private readonly IDisposable _busSubscription;

    /// <param name="accept">Which of the topic's events the subscriber wants; all when null.</param>
    /// <param name="maxQueued">How many may wait; one more ends the subscription and calls <paramref name="onOverflow"/>.</param>
    public OrderedSubscription(
        IEventBus bus, DeliveryLanes lanes, string topic, Func<IReadOnlyList<T>, Task> deliver,
        Func<T, bool>? accept = null, int maxQueued = int.MaxValue, Action? onOverflow = null)
    {
        _delivery = lanes.Deliver(deliver);
        _busSubscription = bus.Subscribe<T>(topic, e =>
        {
            if (accept is not null && !accept(e))
            {
                return;
            }

            if (_delivery.Waiting >= maxQueued)
            {
                Dispose();
                onOverflow?.Invoke();
                return;
            }

            _delivery.Post(e);
        });
    }

    public void Dispose()
    {
        _busSubscription.Dispose();
        _delivery.Dispose();
    }
}

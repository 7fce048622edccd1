using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace LetsChat.Server.Events;

/// <summary>The event bus of a single instance: topics map to immutable arrays of handlers, so publishing takes no lock.</summary>
public sealed class InProcessEventBus(ILogger<InProcessEventBus> logger) : IEventBus
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Delegate>> _handlers = new();

    public ValueTask PublishAsync<TEvent>(string topic, TEvent @event) where TEvent : class
    {
        Publish(topic, @event);
        return ValueTask.CompletedTask;
    }

    /// <summary>Handlers only enqueue, so handing an event to all of them never waits.</summary>
    internal void Publish<TEvent>(string topic, TEvent @event) where TEvent : class
    {
        if (_handlers.TryGetValue(topic, out var handlers))
        {
            foreach (var handler in handlers)
            {
                if (handler is not Action<TEvent> typed)
                {
                    continue;
                }

                try
                {
                    typed(@event);
                }
                catch (Exception ex)
                {
                    // One broken subscriber must not cost everyone else the event.
                    logger.HandlerFailed(ex, topic);
                }
            }
        }
    }

    public IDisposable Subscribe<TEvent>(string topic, Action<TEvent> handler) where TEvent : class
    {
        _handlers.AddOrUpdate(topic, static (_, h) => [h], static (_, list, h) => list.Add(h), (Delegate)handler);
        return new Subscription(this, topic, handler);
    }

    /// <summary>How many handlers a topic has; the topic is gone once it has none, so nothing leaks.</summary>
    internal int HandlerCount(string topic) => _handlers.TryGetValue(topic, out var list) ? list.Length : 0;

    private void Unsubscribe(string topic, Delegate handler)
    {
        while (_handlers.TryGetValue(topic, out var list))
        {
            var shorter = list.Remove(handler);
            if (shorter.IsEmpty
                ? _handlers.TryRemove(KeyValuePair.Create(topic, list))
                : _handlers.TryUpdate(topic, shorter, list))
            {
                return;
            }
        }
    }

    private sealed class Subscription(InProcessEventBus bus, string topic, Delegate handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bus.Unsubscribe(topic, handler);
            }
        }
    }
}

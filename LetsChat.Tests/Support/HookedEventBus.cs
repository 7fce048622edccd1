using LetsChat.Server.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LetsChat.Tests.Support;

/// <summary>
/// The real in-process bus, with a hook that runs just before a topic gets its handler, and a way to say that a topic's
/// events may have been missed, as the Redis bus does after an outage.
/// </summary>
public sealed class HookedEventBus : IEventBus
{
    public InProcessEventBus Inner { get; private set; } = default!;

    public Action<string>? BeforeSubscribing { get; set; }

    public HookedEventBus Over(IServiceProvider services)
    {
        Inner = new InProcessEventBus(services.GetRequiredService<ILogger<InProcessEventBus>>());
        return this;
    }

    public ValueTask PublishAsync<TEvent>(string topic, TEvent @event) where TEvent : class => Inner.PublishAsync(topic, @event);

    public IDisposable Subscribe<TEvent>(string topic, Action<TEvent> handler) where TEvent : class
    {
        BeforeSubscribing?.Invoke(topic);
        return Inner.Subscribe(topic, handler);
    }

    public event Action<string>? Resumed;

    public void RaiseResumed(string topic) => Resumed?.Invoke(topic);
}

namespace LetsChat.Server.Events;

/// <summary>
/// Carries events between the services of every instance. In one process it is a dictionary of handlers;
/// with Redis configured, the same calls fan out through Redis pub/sub. Publishing is a hint that something
/// changed: the database stays the truth, and subscribers fill any gap from it.
/// </summary>
public interface IEventBus
{
    /// <summary>Hands <paramref name="event"/> to every handler of <paramref name="topic"/>.</summary>
    ValueTask PublishAsync<TEvent>(string topic, TEvent @event) where TEvent : class;

    /// <summary>
    /// Registers a handler until the returned subscription is disposed. Handlers run on the publisher's thread and
    /// must only hand the event on (queue it); they must never render, block or wait.
    /// </summary>
    IDisposable Subscribe<TEvent>(string topic, Action<TEvent> handler) where TEvent : class;

    /// <summary>
    /// Raised with a topic whose events may have been missed (the link to the other instances came back after an
    /// outage, or was only just made for that topic), so that its subscribers re-read the database. A single process
    /// never misses one, so by default it is never raised.
    /// </summary>
    event Action<string>? Resumed
    {
        add { }
        remove { }
    }
}

/// <summary>The names events travel under.</summary>
public static class EventTopics
{
    public static string Room(long roomId) => $"room:{roomId}";
    public static string User(long userId) => $"user:{userId}";
}

using System.Collections.Immutable;
using LetsChat.Components.Chat;
using LetsChat.Server.Events;

namespace LetsChat.Server.Chat;

/// <summary>One room open on this instance: its bus subscription, its shared window, its typing notices, and the circuits that have it open.</summary>
internal sealed class RoomChannel : IDisposable
{
    public RoomChannel(long roomId, MessageStore store, TimeProvider time)
    {
        RoomId = roomId;
        Topic = EventTopics.Room(roomId);
        Window = new SharedWindow(roomId, store);
        Typing = new TypingNotices(time, Post);
        Gate = new SequenceGate(Deliver, time);
    }

    public long RoomId { get; }

    public string Topic { get; }

    public IDisposable? BusSubscription { get; set; }

    /// <summary>Replaced, never changed, under the feed's lock; read without it.</summary>
    public ImmutableArray<RoomSubscription> Subscribers { get; set; } = [];

    public SharedWindow Window { get; }

    public TypingNotices Typing { get; }

    /// <summary>Where the room's events (typing notices aside) come in from the bus: in sequence order from here on.</summary>
    public SequenceGate Gate { get; }

    public void Post(RoomEvent roomEvent)
    {
        foreach (var subscriber in Subscribers)
        {
            subscriber.Post(roomEvent);
        }
    }

    // In order: the shared window is kept current, and the event queued for each circuit, nothing more.
    private void Deliver(RoomEvent roomEvent)
    {
        Window.Apply(roomEvent);
        Post(roomEvent);
    }

    private void Post(UserTyping[] due)
    {
        foreach (var subscriber in Subscribers)
        {
            subscriber.Post(due);
        }
    }

    public void Dispose()
    {
        BusSubscription?.Dispose();
        Gate.Dispose();
        Typing.Dispose();
        Window.Dispose();
    }
}

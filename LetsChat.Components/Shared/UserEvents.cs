namespace LetsChat.Components.Shared;

/// <summary>Something that happened that concerns one user; delivered to every live circuit of that user.</summary>
public abstract record UserEvent;

/// <summary>The live events of the current circuit's user.</summary>
public interface IUserFeed
{
    /// <summary>
    /// Hands every later event of the signed-in user to <paramref name="onEvents"/>, in order, off the publisher's
    /// thread. Null when nobody is signed in. Dispose to stop; the circuit's end stops it too.
    /// </summary>
    Task<IDisposable?> SubscribeAsync(Func<IReadOnlyList<UserEvent>, Task> onEvents);
}

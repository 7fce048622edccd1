using LetsChat.Components.Rooms;

namespace LetsChat.Components.Chat;

/// <summary>
/// Chat as the current circuit's user may use it. Every call checks who is asking and what they may do;
/// nothing here trusts the screen that calls it.
/// </summary>
public interface IChatService
{
    /// <summary>
    /// Opens a room (the public room when <paramref name="roomId"/> is null): its latest messages, and a live
    /// subscription that hands every later event to <paramref name="onEvents"/>, in order, never skipping one,
    /// off the publisher's thread. Dispose the session to stop.
    /// </summary>
    Task<RoomJoin> JoinRoomAsync(long? roomId, Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken = default);

    /// <summary>Stores a message. Sending the same <paramref name="clientMessageId"/> again stores nothing new.</summary>
    Task<SendResult> SendAsync(long roomId, Guid clientMessageId, string? body, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of opening a room: a session, or the reason there is none.</summary>
public sealed record RoomJoin(RoomSession? Session, string? Refusal)
{
    public static RoomJoin Refused(string reason) => new(null, reason);
}

/// <summary>An open room: what was there when it opened, and the live subscription.</summary>
public sealed class RoomSession(RoomInfo room, IReadOnlyList<ChatMessage> latest, IDisposable subscription) : IDisposable
{
    public RoomInfo Room { get; } = room;
    public IReadOnlyList<ChatMessage> Latest { get; } = latest;
    public void Dispose() => subscription.Dispose();
}

/// <summary>The outcome of a send: the stored message, or why nothing was stored.</summary>
public sealed record SendResult(ChatMessage? Message, string? Refusal)
{
    public bool Sent => Message is not null;
    public static SendResult Stored(ChatMessage message) => new(message, null);
    public static SendResult Refused(string reason) => new(null, reason);
}

using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;

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
    Task<Outcome<ChatMessage>> SendAsync(long roomId, Guid clientMessageId, string? body, CancellationToken cancellationToken = default);

    /// <summary>Up to a page of the messages before <paramref name="beforeSequence"/>, oldest first.</summary>
    Task<OlderMessages> LoadOlderAsync(long roomId, long beforeSequence, CancellationToken cancellationToken = default);

    /// <summary>Changes the text of one of the user's own messages.</summary>
    Task<Outcome<ChatMessage>> EditAsync(long messageId, string? body, CancellationToken cancellationToken = default);

    /// <summary>Deletes one of the user's own messages; everyone sees that it was deleted.</summary>
    Task<Outcome<ChatMessage>> DeleteAsync(long messageId, CancellationToken cancellationToken = default);

    /// <summary>Records that the user has seen the room up to <paramref name="sequence"/>.</summary>
    Task MarkReadAsync(long roomId, long sequence, CancellationToken cancellationToken = default);

    /// <summary>Tells the room's other readers that the user is typing; calls closer together than a few seconds are dropped.</summary>
    Task TypingAsync(long roomId);
}

/// <summary>The outcome of opening a room: a session, or the reason there is none.</summary>
public sealed record RoomJoin(RoomSession? Session, string? Refusal)
{
    public static RoomJoin Refused(string reason) => new(null, reason);
}

/// <summary>An open room: what was there when it opened, where the reader had read to, and the live subscription.</summary>
public sealed class RoomSession(RoomInfo room, IReadOnlyList<ChatMessage> latest, long lastReadSequence, IDisposable subscription) : IDisposable
{
    public RoomInfo Room { get; } = room;
    public IReadOnlyList<ChatMessage> Latest { get; } = latest;

    /// <summary>Where the "new messages" divider goes: after this sequence number.</summary>
    public long LastReadSequence { get; } = lastReadSequence;

    public bool HasOlder => Latest.Count > 0 && Latest[0].Sequence > 1;

    public void Dispose() => subscription.Dispose();
}

namespace LetsChat.Components.Chat;

/// <summary>
/// The public room, read-only, for visitors who have not signed in (when the site allows it). Nothing here can
/// write, and a reader here counts toward no one's presence.
/// </summary>
public interface IPublicRoomReader
{
    /// <summary>Whether the site shows the public room to visitors at all.</summary>
    bool IsEnabled { get; }

    /// <summary>The public room's latest messages and a live subscription to it; refused when the site does not allow it.</summary>
    Task<RoomJoin> OpenAsync(Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken = default);

    /// <summary>The page of messages before <paramref name="beforeSequence"/>, as members get it; limited per client address.</summary>
    Task<OlderMessages> LoadOlderAsync(long beforeSequence, CancellationToken cancellationToken = default);
}

using LetsChat.Server.Data;
using LetsChat.Components.Shared;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;
using LetsChat.Server.Rooms;
using LetsChat.Server.Security;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Chat;

/// <summary>
/// The public room for visitors: only that room, only reading, only while <c>LetsChat:PublicRoomVisibleToVisitors</c>
/// is on. Kept apart from <see cref="ChatService"/> so that the signed-in paths keep refusing anonymous callers.
/// Scoped: the subscriptions end with the circuit.
/// </summary>
public sealed class PublicRoomReader(
    RoomFeed feed,
    MessageStore store,
    UserCircuit circuit,
    UserRateLimits rateLimits,
    IOptionsMonitor<LetsChatOptions> options,
    ILogger<PublicRoomReader> logger) : IPublicRoomReader, IDisposable
{
    public const string Disabled = "The public room is shown to people who have signed in.";
    private readonly SubscriptionBag _open = new(ChatService.MaxOpenRooms);

    public bool IsEnabled => options.CurrentValue.PublicRoomVisibleToVisitors;

    public async Task<Outcome<RoomSession>> OpenAsync(Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken = default)
    {
        if (!IsEnabled)
        {
            return Outcome.Refused<RoomSession>(Disabled);
        }

        try
        {
            // A visitor is nobody (user 0): no membership to lose, since everyone belongs to the public room.
            if (await feed.SubscribeAsync(Room.PublicRoomId, userId: 0, ChatService.PageSize, onEvents, cancellationToken) is not var (latest, opened))
            {
                return Outcome.Refused<RoomSession>(Disabled);
            }

            var subscription = _open.Track(opened);

            var room = new RoomInfo(Room.PublicRoomId, RoomKind.Public, "Public room", CanWrite: false);
            return Outcome.Done(new RoomSession(room, latest, long.MaxValue, subscription));
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.VisitorOpenFailed(ex);
            return Outcome.Refused<RoomSession>("The public room could not be loaded just now. Reload the page in a moment.");
        }
    }

    public async Task<OlderMessages> LoadOlderAsync(long beforeSequence, CancellationToken cancellationToken = default)
    {
        if (!IsEnabled || circuit.ClosedReason is not null)
        {
            return new OlderMessages([], false, Disabled);
        }

        // Counted per client address: a visitor has no account, and a fresh tab must not mean a fresh allowance.
        if (circuit.VisitorAddress is { } address && await rateLimits.TryAsync(UserAction.VisitorHistory, address) is { IsAllowed: false } limited)
        {
            return new OlderMessages([], true, limited.Explain("loading older messages"));
        }

        try
        {
            var page = await store.BeforeAsync(Room.PublicRoomId, beforeSequence, ChatService.PageSize, cancellationToken);
            return OlderMessages.Page(page);
        }
        catch (Exception ex) when (Data.DatabaseOutage.Is(ex))
        {
            logger.VisitorHistoryFailed(ex);
            return new OlderMessages([], true, "Older messages could not be loaded just now. Try again in a moment.");
        }
    }

    public void Dispose() => _open.Dispose();
}

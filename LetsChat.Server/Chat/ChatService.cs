using System.Data.Common;
using LetsChat.Components.Chat;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Chat;

/// <summary>
/// Chat for the user of one circuit. Scoped: the sessions it opens are disposed with the circuit even if a screen
/// forgets to.
/// </summary>
public sealed class ChatService(
    CurrentUser currentUser,
    RoomAccess roomAccess,
    MessageStore store,
    RoomFeed feed,
    IEventBus bus,
    TimeProvider time,
    ILogger<ChatService> logger) : IChatService, IDisposable
{
    public const int FirstPageSize = 50;
    public const string NotAMember = "You are not a member of this room.";
    public const string SaveFailed = "Your message could not be saved just now; it is still in the box. Try again in a moment.";

    private readonly List<RoomSession> _sessions = [];
    private readonly Lock _sessionsLock = new();

    public async Task<RoomJoin> JoinRoomAsync(long? roomId, Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return RoomJoin.Refused("Please sign in to read this room.");
        }

        try
        {
            if (await roomAccess.FindForUserAsync(user.Id, roomId ?? Room.PublicRoomId, cancellationToken) is not { } room)
            {
                return RoomJoin.Refused(NotAMember);
            }

            var (latest, subscription) = await feed.SubscribeAsync(room.Id, FirstPageSize, onEvents, cancellationToken);
            var session = new RoomSession(room, latest, subscription);
            lock (_sessionsLock)
            {
                _sessions.Add(session);
            }

            return new RoomJoin(session, null);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            logger.LogError(ex, "Opening room {RoomId} failed", roomId);
            return RoomJoin.Refused("The room could not be loaded just now. Reload the page in a moment.");
        }
    }

    public async Task<SendResult> SendAsync(long roomId, Guid clientMessageId, string? body, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return SendResult.Refused("Please sign in to send messages.");
        }

        if (MessageRules.Check(body, out var trimmed) is { } problem)
        {
            return SendResult.Refused(problem);
        }

        if (clientMessageId == Guid.Empty)
        {
            return SendResult.Refused("This message has no id; reload the page and send it again.");
        }

        try
        {
            if (await roomAccess.FindForUserAsync(user.Id, roomId, cancellationToken) is not { } room)
            {
                return SendResult.Refused(NotAMember);
            }

            if (!room.CanWrite)
            {
                return SendResult.Refused("You cannot write in this room right now.");
            }

            var (message, created) = await store.AppendAsync(room.Id, user.Id, clientMessageId, trimmed, time.GetUtcNow(), cancellationToken);
            if (created)
            {
                await PublishAsync(new MessagePosted(message));
            }

            return SendResult.Stored(message);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            logger.LogError(ex, "Storing a message in room {RoomId} failed", roomId);
            return SendResult.Refused(SaveFailed);
        }
    }

    public void Dispose()
    {
        lock (_sessionsLock)
        {
            foreach (var session in _sessions)
            {
                session.Dispose();
            }

            _sessions.Clear();
        }
    }

    private async Task PublishAsync(RoomEvent roomEvent)
    {
        try
        {
            await bus.PublishAsync(EventTopics.Room(roomEvent.RoomId), roomEvent);
        }
        catch (Exception ex)
        {
            // The message is stored; screens that missed the event fill the gap from the database.
            logger.LogWarning(ex, "Publishing an event of room {RoomId} failed", roomEvent.RoomId);
        }
    }

    private static bool IsOutage(Exception ex) =>
        ex is DbException or DbUpdateException or TimeoutException or InvalidOperationException { InnerException: DbException };
}

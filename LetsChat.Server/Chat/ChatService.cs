using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications;
using LetsChat.Server.Presence;
using LetsChat.Server.Rooms;
using LetsChat.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Chat;

/// <summary>
/// Chat for the user of one circuit. Every call checks who is asking and that they may use the room, however the
/// id was obtained. Scoped: the sessions it opens are disposed with the circuit even if a screen forgets to.
/// </summary>
public sealed class ChatService(
    CurrentUser currentUser,
    RoomAccess roomAccess,
    MessageStore store,
    RoomFeed feed,
    RoomViewers viewers,
    PresenceService presence,
    IPresenceDirectory presenceDirectory,
    NotificationService notifications,
    RoomNews roomNews,
    IEventBus bus,
    IDbContextFactory<LetsChatDb> dbFactory,
    UserRateLimits rateLimits,
    TimeProvider time,
    ILogger<ChatService> logger) : IChatService, IDisposable
{
    public const int PageSize = 50;

    /// <summary>How many rooms one circuit may have open at once; more than any screen shows (the chat page shows one).</summary>
    public const int MaxOpenRooms = 4;
    public const string NotAMember = "You are not a member of this room.";
    public const string NoSuchMessage = "This message does not exist.";
    public const string RoomGone = "This room no longer exists.";
    public const string ReadOnly = "You cannot write in this room right now.";
    public const string SaveFailed = "Your message could not be saved just now. Try again in a moment.";
    /// <summary>Why a muted user cannot write in the public room, with the time the mute ends (UTC; the composer shows local time).</summary>
    public static string Muted(DateTimeOffset until) => $"A moderator muted you in the public room until {until.UtcDateTime:d MMM yyyy, HH:mm} UTC.";

    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(2);

    private readonly SubscriptionBag _open = new(MaxOpenRooms);
    private readonly Dictionary<long, DateTimeOffset> _lastTyping = [];
    private readonly Lock _lock = new();

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

            var lastRead = await LastReadSequenceAsync(user.Id, room, cancellationToken);
            // The feed checks again once subscribed: a removal between the check above and the subscription is caught.
            if (await feed.SubscribeAsync(room.Id, user.Id, PageSize, onEvents, cancellationToken) is not var (latest, subscription))
            {
                return RoomJoin.Refused(NotAMember);
            }

            if (room.Kind != RoomKind.Public)
            {
                // Opening the room deals with the notification that opened it to the reader (added, request accepted).
                await notifications.MarkReadAsync(user.Id, NotificationService.RoomOpenedKey(room.Id), cancellationToken: cancellationToken);
            }

            var viewing = viewers.View(user.Id, room.Id);
            return new RoomJoin(new RoomSession(room, latest, lastRead, _open.Track(new Both(subscription, viewing))), null);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.OpenRoomFailed(ex, roomId);
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

        // Counted before anything is stored; the refused message stays on the sender's screen, ready to retry.
        if (await rateLimits.TryAsync(UserAction.Message, user.Id) is { IsAllowed: false } limited)
        {
            return SendResult.Refused(limited.Explain("sending"));
        }

        try
        {
            if (await roomAccess.FindForUserAsync(user.Id, roomId, cancellationToken) is not { } room)
            {
                return SendResult.Refused(NotAMember);
            }

            if (!room.CanWrite)
            {
                return SendResult.Refused(room.MutedUntil is { } until ? Muted(until) : ReadOnly);
            }

            var (message, _) = await store.AppendAsync(room.Id, user.Id, clientMessageId, trimmed, time.GetUtcNow(), cancellationToken);
            // Once stored, the send has succeeded whatever follows. A resend of a stored message (its answer was lost)
            // announces it again: screens skip what they have, and the members' news is brought up to date, not doubled.
            await PublishAsync(new MessagePosted(message));
            // Read marks and member news are for private and group rooms (the public room's traffic is not news), and
            // happen off this call, in order, retried if the database hiccups.
            if (room.Kind != RoomKind.Public)
            {
                await roomNews.TellAsync(new MessageNews(message, user.DisplayName, user.AvatarUrl), CancellationToken.None);
            }

            return SendResult.Stored(message);
        }
        catch (RoomGoneException)
        {
            return SendResult.Refused(RoomGone);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.StoreFailed(ex, roomId);
            return SendResult.Refused(SaveFailed);
        }
    }

    public async Task<IReadOnlyList<RoomSummary>> GetRoomsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rooms = await db.Rooms
            .Where(r => r.Kind == RoomKind.Public || db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == user.Id))
            .Select(r => new
            {
                r.Id,
                r.Kind,
                r.Name,
                r.IsReadOnly,
                r.LastActivityAt,
                r.LastSequence,
                LastRead = db.RoomMembers.Where(m => m.RoomId == r.Id && m.UserId == user.Id).Select(m => (long?)m.LastReadSequence).FirstOrDefault(),
                LastBody = db.Messages.Where(m => m.RoomId == r.Id && m.Sequence == r.LastSequence).Select(m => m.DeletedAt == null ? m.Body : null).FirstOrDefault(),
                Other = r.Kind == RoomKind.Private
                    ? db.RoomMembers.Where(m => m.RoomId == r.Id && m.UserId != user.Id)
                        .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.AvatarHash, u.ProviderAvatarUrl, u.LastSeenAt })
                        .FirstOrDefault()
                    : null,
            })
            .ToListAsync(cancellationToken);
        var friendIds = (await db.Friendships
            .Where(f => f.UserAId == user.Id || f.UserBId == user.Id)
            .Select(f => f.UserAId == user.Id ? f.UserBId : f.UserAId)
            .ToListAsync(cancellationToken)).ToHashSet();
        // Online is a question for every instance (Redis when scaled out), asked once for all friends in the list.
        var online = await presenceDirectory.OnlineAmongAsync(friendIds, cancellationToken);

        return rooms
            .Select(r => new RoomSummary(
                r.Id,
                r.Kind,
                r.Other?.DisplayName ?? r.Name,
                r.Other is { } other ? LetsChatClaims.AvatarUrl(other.AvatarHash, other.ProviderAvatarUrl) : null,
                r.Other?.Id,
                // Only a current friend's status is shown; an ex-friend's room keeps its history, not their presence.
                r.Other is { } o && friendIds.Contains(o.Id) ? online.Contains(o.Id) : null,
                r.Other is { } seen && friendIds.Contains(seen.Id) ? presence.LastSeen(seen.Id) ?? seen.LastSeenAt : null,
                r.LastBody is { } body ? MessagePreview.Of(body) : null,
                r.LastActivityAt,
                r.LastSequence,
                r.Kind == RoomKind.Public ? r.LastSequence : r.LastRead ?? 0,
                r.IsReadOnly))
            .OrderByDescending(r => r.Kind == RoomKind.Public)
            .ThenByDescending(r => r.LastActivityAt)
            .ToList();
    }

    public async Task<OlderMessages> LoadOlderAsync(long roomId, long beforeSequence, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user
            || await roomAccess.FindForUserAsync(user.Id, roomId, cancellationToken) is null)
        {
            return new OlderMessages([], false);
        }

        var page = await store.BeforeAsync(roomId, beforeSequence, PageSize, cancellationToken);
        return OlderMessages.Page(page);
    }

    public async Task<SendResult> EditAsync(long messageId, string? body, CancellationToken cancellationToken = default)
    {
        if (MessageRules.Check(body, out var trimmed) is { } problem)
        {
            return SendResult.Refused(problem);
        }

        return await ChangeOwnMessageAsync(UserAction.Edit, messageId, async (message, now) =>
        {
            if (message.Body == trimmed)
            {
                return message;
            }

            var edited = await store.EditAsync(message.Id, trimmed, now, cancellationToken);
            if (edited is not null)
            {
                await PublishAsync(new MessageEdited(edited));
            }

            return edited;
        }, cancellationToken);
    }

    public Task<SendResult> DeleteAsync(long messageId, CancellationToken cancellationToken = default) =>
        ChangeOwnMessageAsync(UserAction.Delete, messageId, async (message, now) =>
        {
            var deleted = await store.DeleteAsync(message.Id, message.AuthorId, now, cancellationToken);
            if (deleted is not null)
            {
                await PublishAsync(new MessageDeleted(deleted));
                await notifications.ForgetMessageAsync(deleted.RoomId, deleted.Id, cancellationToken);
            }

            return deleted;
        }, cancellationToken);

    public async Task MarkReadAsync(long roomId, long sequence, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is { } user
            && await roomAccess.FindForUserAsync(user.Id, roomId, cancellationToken) is { Kind: not RoomKind.Public } room)
        {
            await MarkReadCoreAsync(user.Id, room, sequence, cancellationToken);
            await notifications.MarkReadAsync(user.Id, NotificationService.RoomMessageKey(roomId), cancellationToken: cancellationToken);
        }
    }

    public async Task TypingAsync(long roomId)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_lastTyping.TryGetValue(roomId, out var last) && now - last < TypingInterval)
            {
                return;
            }

            _lastTyping[roomId] = now;
        }

        if (await currentUser.GetAsync() is { } user
            && await roomAccess.FindForUserAsync(user.Id, roomId) is { CanWrite: true })
        {
            await PublishAsync(new UserTyping(roomId, user.Id, user.DisplayName));
        }
    }

    public void Dispose() => _open.Dispose();

    /// <param name="action">An edit or a delete: each has its own rate limit, and only a delete is allowed where the author can no longer write.</param>
    private async Task<SendResult> ChangeOwnMessageAsync(UserAction action, long messageId, Func<ChatMessage, DateTimeOffset, Task<ChatMessage?>> change, CancellationToken cancellationToken)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return SendResult.Refused("Please sign in first.");
        }

        if (await rateLimits.TryAsync(action, user.Id) is { IsAllowed: false } limited)
        {
            return SendResult.Refused(limited.Explain(action == UserAction.Delete ? "deleting messages" : "editing messages"));
        }

        try
        {
            var message = await store.FindAsync(messageId, cancellationToken);
            // A message in a room the user cannot see does not exist, as far as they are told.
            if (message is null || await roomAccess.FindForUserAsync(user.Id, message.RoomId, cancellationToken) is not { } room)
            {
                return SendResult.Refused(NoSuchMessage);
            }

            if (message.AuthorId != user.Id)
            {
                return SendResult.Refused("You can only change your own messages.");
            }

            if (message.IsDeleted)
            {
                return SendResult.Refused("This message was deleted.");
            }

            // Taking one's own words back is always allowed, also where one can no longer write (an ex-friend's
            // read-only chat, a mute); changing them is not.
            if (!room.CanWrite && action != UserAction.Delete)
            {
                return SendResult.Refused(ReadOnly);
            }

            var changed = await change(message, time.GetUtcNow());
            return changed is null ? SendResult.Refused("This message was deleted.") : SendResult.Stored(changed);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.ChangeFailed(ex, messageId);
            return SendResult.Refused(SaveFailed);
        }
    }

    private async Task<long> LastReadSequenceAsync(long userId, RoomInfo room, CancellationToken cancellationToken)
    {
        // The public room keeps no read marks (see MarkReadAsync): nothing there is "new" to anyone, so no divider.
        if (room.Kind == RoomKind.Public)
        {
            return long.MaxValue;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RoomMembers.Where(m => m.RoomId == room.Id && m.UserId == userId).Select(m => m.LastReadSequence).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task MarkReadCoreAsync(long userId, RoomInfo room, long sequence, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = await db.Rooms.Where(r => r.Id == room.Id).Select(r => r.LastSequence).SingleAsync(cancellationToken);
        await ReadMarks.MoveOnAsync(db, bus, userId, room.Id, Math.Clamp(sequence, 0, last), cancellationToken);
    }

    private async Task PublishAsync(RoomEvent roomEvent)
    {
        try
        {
            await bus.PublishAsync(EventTopics.Room(roomEvent.RoomId), roomEvent);
        }
        catch (Exception ex)
        {
            // The change is stored; screens that missed the event fill the gap from the database.
            logger.PublishRoomEventFailed(ex, roomEvent.RoomId);
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}

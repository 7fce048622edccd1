using LetsChat.Components.Chat;
using LetsChat.Components.Identity;
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
public sealed partial class ChatService(
    CurrentUser currentUser,
    RoomAccess roomAccess,
    MessageStore store,
    MentionResolver mentions,
    RoomFeed feed,
    RoomViewers viewers,
    NotificationService notifications,
    RoomNews roomNews,
    ReadMarks readMarks,
    IEventBus bus,
    UserRateLimits rateLimits,
    Moderation.BlockedWords blockedWords,
    Moderation.SlowModeGate slowMode,
    Moderation.HeldMessages held,
    TimeProvider time,
    ILogger<ChatService> logger) : IChatService, IDisposable
{
    public const int PageSize = 50;

    /// <summary>How many rooms one circuit may have open at once; more than any screen shows (the chat page shows one).</summary>
    public const int MaxOpenRooms = 4;
    public const string NoSuchMessage = "This message does not exist.";
    public const string RoomGone = "This room no longer exists.";
    public const string MessageWasDeleted = "This message was deleted.";
    public const string ReadOnly = "You cannot write in this room right now.";
    public const string SaveFailed = "Your message could not be saved just now. Try again in a moment.";
    public const string FilesGone = "Some of these files are not yours to send here, or were sent already. Attach them again.";
    public const string ReplyElsewhere = "You can only reply to a message in this room.";
    public const string MentionsTooLong = "With its mentions this message is too long; shorten it a little.";
    /// <summary>Why a muted user cannot write in the room, with the time the mute ends (UTC; the composer shows local time).</summary>
    public static string Muted(DateTimeOffset until, RoomKind kind = RoomKind.Public) => kind == RoomKind.Public
        ? $"A moderator muted you in the public room until {until.UtcDateTime:d MMM yyyy, HH:mm} UTC."
        : $"You are muted in this room until {until.UtcDateTime:d MMM yyyy, HH:mm} UTC.";

    /// <summary>Why a message with a refused word was not sent; it stays in the composer to be changed.</summary>
    public static string BlockedWord(string word) => $"Your message was not sent: “{word}” is not allowed here. Change it and send again.";

    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(2);

    private readonly SubscriptionBag _open = new(MaxOpenRooms);
    private readonly Dictionary<long, DateTimeOffset> _lastTyping = [];
    private readonly Lock _lock = new();

    public async Task<Outcome<RoomSession>> JoinRoomAsync(long? roomId, Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return Outcome.Refused<RoomSession>("Please sign in to read this room.");
        }

        try
        {
            if (await roomAccess.FindForUserAsync(user.Id, roomId ?? Room.PublicRoomId, cancellationToken) is not { } room)
            {
                return Outcome.Refused<RoomSession>(RoomRefusals.NotAMember);
            }

            var lastRead = await readMarks.LastReadAsync(user.Id, room, cancellationToken);
            // The feed checks again once subscribed: a removal between the check above and the subscription is caught.
            if (await feed.SubscribeAsync(room.Id, user.Id, PageSize, onEvents, cancellationToken) is not var (latest, subscription))
            {
                return Outcome.Refused<RoomSession>(RoomRefusals.NotAMember);
            }

            await readMarks.OpenedAsync(user.Id, room, cancellationToken);

            var viewing = viewers.View(user.Id, room.Id);
            return Outcome.Done(new RoomSession(room, latest, lastRead, _open.Track(subscription, viewing)));
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.OpenRoomFailed(ex, roomId);
            return Outcome.Refused<RoomSession>("The room could not be loaded just now. Reload the page in a moment.");
        }
    }

    public async Task<Outcome<ChatMessage>> SendAsync(
        long roomId, Guid clientMessageId, string? body, long? replyToId = null, IReadOnlyList<long>? attachmentIds = null, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return Outcome.Refused<ChatMessage>("Please sign in to send messages.");
        }

        IReadOnlyList<long> files = [.. (attachmentIds ?? []).Distinct()];
        if (MessageRules.Check(body, files.Count, out var trimmed) is { } problem)
        {
            return Outcome.Refused<ChatMessage>(problem);
        }

        if (clientMessageId == Guid.Empty)
        {
            return Outcome.Refused<ChatMessage>("This message has no id; reload the page and send it again.");
        }

        // Counted before anything is stored; the refused message stays on the sender's screen, ready to retry.
        if (await rateLimits.TryAsync(UserAction.Message, user.Id) is { IsAllowed: false } limited)
        {
            return Outcome.Refused<ChatMessage>(limited.Explain("sending"));
        }

        try
        {
            if (await roomAccess.FindForUserAsync(user.Id, roomId, cancellationToken) is not { } room)
            {
                return Outcome.Refused<ChatMessage>(RoomRefusals.NotAMember);
            }

            if (!room.CanWrite)
            {
                return Outcome.Refused<ChatMessage>(room.MutedUntil is { } until ? Muted(until, room.Kind) : ReadOnly);
            }

            if (MentionRules.CheckEveryone(trimmed, room) is { } everyoneRefused)
            {
                return Outcome.Refused<ChatMessage>(everyoneRefused);
            }

            // Blocked words keep to the shared rooms; a chat between two friends is theirs.
            if (room.Kind != RoomKind.Private && await blockedWords.MatchAsync(trimmed, cancellationToken) is { } blocked)
            {
                // A hold needs a reviewer other than the sender: an owner's own words in their closed room are refused instead.
                if (blocked.Action == Components.Moderation.BlockedWordAction.Refuse || (room.Kind == RoomKind.Group && room.IsOwner))
                {
                    return Outcome.Refused<ChatMessage>(BlockedWord(blocked.Word));
                }

                await held.HoldAsync(room, user.Id, user.DisplayName, clientMessageId, trimmed, replyToId, files, blocked);
                return Outcome.Done<ChatMessage>(Components.Moderation.HeldForReview.Notice, value: null);
            }

            // Slow mode slows people, not those who keep the room (they may need to speak up in a hurry).
            if (room.SlowModeSeconds > 0 && !room.CanModerate && await slowMode.TryClaimAsync(room.Id, user.Id, room.SlowModeSeconds) is { } wait)
            {
                return Outcome.Refused<ChatMessage>(Moderation.SlowModeGate.Explain(wait));
            }

            // A reply answers a message of this room; one elsewhere (or none) is refused, whatever the screen sent.
            if (replyToId is { } original && await store.RoomOfAsync(original, cancellationToken) != room.Id)
            {
                return Outcome.Refused<ChatMessage>(ReplyElsewhere);
            }

            var resolved = await mentions.ResolveAsync(room, trimmed, cancellationToken);
            if (resolved.Body.Length > MessageRules.MaxLength)
            {
                return Outcome.Refused<ChatMessage>(MentionsTooLong);
            }

            var (message, _) = await store.AppendAsync(room.Id, user.Id, clientMessageId, resolved.Body, time.GetUtcNow(), cancellationToken, resolved.UserIds, replyToId, files);
            // Once stored, the send has succeeded whatever follows. A resend of a stored message (its answer was lost)
            // announces it again: screens skip what they have, and the members' news is brought up to date, not doubled.
            await PublishAsync(new MessagePosted(message));
            // Read marks and member news are for private and group rooms (the public room's traffic is not news), and
            // happen off this call, in order, retried if the database hiccups.
            if (room.Kind != RoomKind.Public || resolved.Any)
            {
                await roomNews.TellAsync(new MessageNews(message, user.DisplayName, user.AvatarUrl, room, resolved.UserIds, resolved.Everyone), CancellationToken.None);
            }

            return Outcome.Done(message);
        }
        catch (RoomGoneException)
        {
            return Outcome.Refused<ChatMessage>(RoomGone);
        }
        catch (FilesGoneException)
        {
            await slowMode.ReleaseAsync(roomId, user.Id);
            return Outcome.Refused<ChatMessage>(FilesGone);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.StoreFailed(ex, roomId);
            await slowMode.ReleaseAsync(roomId, user.Id);
            return Outcome.Refused<ChatMessage>(SaveFailed);
        }
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

    public async Task MarkReadAsync(long roomId, long sequence, CancellationToken cancellationToken = default)
    {
        // Authorised where it is written: a mark only moves the caller's own membership of the room, and the writer
        // checks that membership for a whole batch in one query (an access query per mark was a twentieth of the day
        // benchmark's server CPU, run inside the reader's delivery). ReadMarks passes over the public room.
        if (await currentUser.GetAsync() is { } user)
        {
            await readMarks.MarkAsync(user.Id, roomId, sequence, cancellationToken);
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

    private Task PublishAsync(RoomEvent roomEvent) => bus.PublishStoredAsync(roomEvent, logger);
}

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

/// <summary>Changing one's own messages: edits (which may mention new people) and deletes.</summary>
public sealed partial class ChatService
{
    public async Task<Outcome<ChatMessage>> EditAsync(long messageId, string? body, CancellationToken cancellationToken = default)
    {
        if (MessageRules.Check(body, out var trimmed) is { } problem)
        {
            return Outcome.Refused<ChatMessage>(problem);
        }

        return await ChangeOwnMessageAsync(UserAction.Edit, messageId, async (message, room, user, now) =>
        {
            if (MentionText.ForEditing(message) == trimmed)
            {
                return Outcome.Done(message);
            }

            if (MentionRules.CheckEveryone(trimmed, room) is { } everyoneRefused)
            {
                return Outcome.Refused<ChatMessage>(everyoneRefused);
            }

            // An edit cannot wait for review (the message is out already): any blocked word refuses it.
            if (room.Kind != RoomKind.Private && await blockedWords.MatchAsync(trimmed, cancellationToken) is { } blocked)
            {
                return Outcome.Refused<ChatMessage>(BlockedWord(blocked.Word));
            }

            var resolved = await mentions.ResolveAsync(room, trimmed, cancellationToken);
            if (resolved.Body.Length > MessageRules.MaxLength)
            {
                return Outcome.Refused<ChatMessage>(MentionsTooLong);
            }

            if (await store.EditAsync(message.Id, resolved.Body, resolved.UserIds, now, cancellationToken) is not { } edited)
            {
                return Outcome.Refused<ChatMessage>(MessageWasDeleted);
            }

            await PublishAsync(new MessageEdited(edited));
            // Only those the edit newly mentions hear of it; the others were told when it was sent.
            var added = resolved.UserIds.Except(message.MentionList.Select(m => m.UserId)).ToList();
            var everyone = resolved.Everyone && !message.Body.Contains(MentionText.EveryoneToken, StringComparison.Ordinal);
            if (added.Count > 0 || everyone)
            {
                await roomNews.TellAsync(new MessageNews(edited, user.DisplayName, user.AvatarUrl, room, added, everyone, IsEdit: true), CancellationToken.None);
            }

            return Outcome.Done(edited);
        }, cancellationToken);
    }

    public Task<Outcome<ChatMessage>> DeleteAsync(long messageId, CancellationToken cancellationToken = default) =>
        ChangeOwnMessageAsync(UserAction.Delete, messageId, async (message, _, _, now) =>
        {
            if (await store.DeleteAsync(message.Id, message.AuthorId, now, cancellationToken) is not { } deleted)
            {
                return Outcome.Refused<ChatMessage>(MessageWasDeleted);
            }

            await PublishAsync(new MessageDeleted(deleted));
            await notifications.ForgetMessageAsync(deleted.RoomId, deleted.Id, cancellationToken);
            return Outcome.Done(deleted);
        }, cancellationToken);

    /// <param name="action">An edit or a delete: each has its own rate limit, and only a delete is allowed where the author can no longer write.</param>
    private async Task<Outcome<ChatMessage>> ChangeOwnMessageAsync(
        UserAction action, long messageId, Func<ChatMessage, RoomInfo, SignedInUser, DateTimeOffset, Task<Outcome<ChatMessage>>> change, CancellationToken cancellationToken)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return Outcome.Refused<ChatMessage>(Refusals.SignInFirst);
        }

        if (await rateLimits.TryAsync(action, user.Id) is { IsAllowed: false } limited)
        {
            return Outcome.Refused<ChatMessage>(limited.Explain(action == UserAction.Delete ? "deleting messages" : "editing messages"));
        }

        try
        {
            var message = await store.FindAsync(messageId, cancellationToken);
            // A message in a room the user cannot see does not exist, as far as they are told.
            if (message is null || await roomAccess.FindForUserAsync(user.Id, message.RoomId, cancellationToken) is not { } room)
            {
                return Outcome.Refused<ChatMessage>(NoSuchMessage);
            }

            if (message.AuthorId != user.Id)
            {
                return Outcome.Refused<ChatMessage>("You can only change your own messages.");
            }

            if (message.IsDeleted)
            {
                return Outcome.Refused<ChatMessage>(MessageWasDeleted);
            }

            // Taking one's own words back is always allowed, also where one can no longer write (an ex-friend's
            // read-only chat, a mute); changing them is not.
            if (!room.CanWrite && action != UserAction.Delete)
            {
                return Outcome.Refused<ChatMessage>(ReadOnly);
            }

            return await change(message, room, user, time.GetUtcNow());
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.ChangeFailed(ex, messageId);
            return Outcome.Refused<ChatMessage>(SaveFailed);
        }
    }
}

using LetsChat.Components.Chat;
using LetsChat.Components.Chat.Reactions;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Server.Security;

namespace LetsChat.Server.Chat;

/// <summary>
/// Reactions for the user of one circuit. Whoever may read a room and write in it may react there; the emoji must be
/// one of the catalog's. Every change goes to every screen showing the message as the message with its reactions.
/// </summary>
internal sealed class ReactionService(
    CurrentUser currentUser,
    RoomAccess roomAccess,
    MessageStore messages,
    ReactionStore reactions,
    EmojiCatalog catalog,
    IEventBus bus,
    UserRateLimits rateLimits,
    TimeProvider time,
    ILogger<ReactionService> logger) : IReactionService
{
    public const string NotAnEmoji = "Choose an emoji from the picker.";
    public const int RecentShown = 16;

    public async Task<Outcome<ChatMessage>> ToggleAsync(long messageId, string? emoji, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return Outcome.Refused<ChatMessage>(Refusals.SignInFirst);
        }

        if (catalog.Normalize(emoji) is not { } canonical)
        {
            return Outcome.Refused<ChatMessage>(NotAnEmoji);
        }

        if (await rateLimits.TryAsync(UserAction.React, user.Id) is { IsAllowed: false } limited)
        {
            return Outcome.Refused<ChatMessage>(limited.Explain("reacting"));
        }

        try
        {
            // A message in a room the user cannot read does not exist, as far as they are told.
            if (await messages.RoomOfAsync(messageId, cancellationToken) is not { } roomId
                || await roomAccess.FindForUserAsync(user.Id, roomId, cancellationToken) is not { } room)
            {
                return Outcome.Refused<ChatMessage>(ChatService.NoSuchMessage);
            }

            if (!room.CanWrite)
            {
                return Outcome.Refused<ChatMessage>(ChatService.ReadOnly);
            }

            if (await reactions.ToggleAsync(messageId, user.Id, canonical, time.GetUtcNow(), cancellationToken) is { } refusal)
            {
                return Outcome.Refused<ChatMessage>(refusal);
            }

            // Read afresh: the message with every reaction as it is now, which every screen shows.
            if (await messages.FindAsync(messageId, cancellationToken) is not { } now)
            {
                return Outcome.Refused<ChatMessage>(ChatService.NoSuchMessage);
            }

            await bus.PublishStoredAsync(new MessageReacted(now), logger);
            return Outcome.Done(now);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.ChangeFailed(ex, messageId);
            return Outcome.Refused<ChatMessage>(DatabaseOutage.TryAgain);
        }
    }

    public async Task<IReadOnlyList<string>> RecentAsync(CancellationToken cancellationToken = default) =>
        await currentUser.GetAsync() is { } user ? await reactions.RecentAsync(user.Id, RecentShown, cancellationToken) : [];
}

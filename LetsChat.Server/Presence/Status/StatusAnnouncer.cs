using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Events;
using LetsChat.Server.Friends;

namespace LetsChat.Server.Presence.Status;

/// <summary>Tells a user's friends, and the user's own tabs, their status as it is now: nobody else ever hears it.</summary>
public sealed class StatusAnnouncer(StatusBook book, FriendDirectory friends, IEventBus bus, ILogger<StatusAnnouncer> logger)
{
    /// <param name="unlessPlain">Say nothing when they are simply online with no custom status (they just came online: friends heard that).</param>
    public async Task AnnounceAsync(long userId, bool unlessPlain = false, CancellationToken cancellationToken = default)
    {
        try
        {
            var statuses = await book.OfAsync([userId], cancellationToken: cancellationToken);
            if (!statuses.TryGetValue(userId, out var status) || (unlessPlain && status is { Availability: Availability.Online, Custom: null }))
            {
                return;
            }

            var change = new StatusChanged(userId, status);
            await bus.PublishAsync<UserEvent>(EventTopics.User(userId), change);
            foreach (var friendId in await friends.FriendIdsAsync(userId, cancellationToken))
            {
                await bus.PublishAsync<UserEvent>(EventTopics.User(friendId), change);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Friends miss one change; the next one, or a reload, shows the status as it is.
            logger.AnnounceFailed(ex, userId);
        }
    }
}

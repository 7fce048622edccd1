using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Friends;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Presence;

/// <summary>
/// Takes each status change off the presence service's queue, tells the user's friends (and nobody else), and
/// stores "last seen" when the user goes offline: one write per offline, not one per event.
/// </summary>
internal sealed class PresenceBroadcaster(
    PresenceService presence,
    FriendDirectory friends,
    IEventBus bus,
    IDbContextFactory<LetsChatDb> dbFactory,
    ILogger<PresenceBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in presence.Changes.ReadAllAsync(stoppingToken))
        {
            try
            {
                foreach (var friendId in await friends.FriendIdsAsync(change.UserId, stoppingToken))
                {
                    await bus.PublishAsync<UserEvent>(EventTopics.User(friendId), change);
                }

                if (!change.IsOnline && change.LastSeenAt is { } lastSeen)
                {
                    await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                    await db.Users.Where(u => u.Id == change.UserId)
                        .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSeenAt, lastSeen), stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Friends miss one status change; the next one, or a reload, corrects it.
                logger.LogError(ex, "Broadcasting the status of user {UserId} failed", change.UserId);
            }
        }
    }
}

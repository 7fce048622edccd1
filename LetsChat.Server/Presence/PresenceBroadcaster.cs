using LetsChat.Components.Chat;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Friends;
using LetsChat.Server.Presence.Status;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Presence;

/// <summary>
/// Takes each status change off the presence service's queue, shares it with the other instances, and when the
/// user's status changed for everybody tells their friends (and nobody else) and stores "last seen" when they went
/// offline: one write per offline, not one per event. Changes the directory finds by itself (an instance that
/// stopped) are told the same way.
/// </summary>
internal sealed class PresenceBroadcaster(
    PresenceService presence,
    IPresenceDirectory directory,
    FriendDirectory friends,
    IEventBus bus,
    IDbContextFactory<LetsChatDb> dbFactory,
    StatusAnnouncer statuses,
    IActivityDirectory activity,
    ILogger<PresenceBroadcaster> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ShareLocalChangesAsync(stoppingToken), TellDirectoryChangesAsync(stoppingToken));

    private async Task ShareLocalChangesAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in presence.Changes.ReadAllAsync(stoppingToken))
        {
            PresenceChanged? forEverybody;
            try
            {
                forEverybody = await directory.ShareAsync(change, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The other instances cannot hear it anyway; this instance's users still should.
                logger.ShareStatusFailed(ex, change.UserId);
                forEverybody = change;
            }

            if (forEverybody is not null)
            {
                await TellFriendsAsync(forEverybody, stoppingToken);
            }
        }
    }

    private async Task TellDirectoryChangesAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in directory.Changes.ReadAllAsync(stoppingToken))
        {
            await TellFriendsAsync(change, stoppingToken);
        }
    }

    private async Task TellFriendsAsync(PresenceChanged change, CancellationToken stoppingToken)
    {
        try
        {
            foreach (var friendId in await friends.FriendIdsAsync(change.UserId, stoppingToken))
            {
                await bus.PublishAsync<UserEvent>(EventTopics.User(friendId), change);
            }

            // Group rooms show how many members are online: they hear of the change as a count, not as a friend's status.
            await using (var rooms = await dbFactory.CreateDbContextAsync(stoppingToken))
            {
                var groupRoomIds = await rooms.RoomMembers
                    .Where(m => m.UserId == change.UserId && rooms.Rooms.Any(r => r.Id == m.RoomId && r.Kind == RoomKind.Group))
                    .Select(m => m.RoomId)
                    .ToListAsync(stoppingToken);
                foreach (var roomId in groupRoomIds)
                {
                    await bus.PublishAsync<RoomEvent>(EventTopics.Room(roomId), new RoomPresenceChanged(roomId, change.UserId, change.IsOnline));
                }
            }

            if (change.IsOnline)
            {
                // Friends just heard "online": they also hear if it is really away, do not disturb, or with a custom status.
                await statuses.AnnounceAsync(change.UserId, unlessPlain: true, stoppingToken);
            }
            else
            {
                await activity.ForgetAsync(change.UserId);
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
            logger.BroadcastFailed(ex, change.UserId);
        }
    }
}

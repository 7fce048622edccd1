using LetsChat.Components.Presence;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence.Status;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Presence;

/// <summary>Statuses for the current user: only of their friends, checked on every call.</summary>
internal sealed class PresenceQuery(CurrentUser currentUser, PresenceService presence, IPresenceDirectory directory, StatusBook statuses, IDbContextFactory<LetsChatDb> dbFactory)
    : IPresenceQuery
{
    public async Task<IReadOnlyList<FriendPresence>> GetFriendsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var friends = await db.Friendships
            .Where(f => f.UserAId == me.Id || f.UserBId == me.Id)
            .Select(f => new { FriendId = f.UserAId == me.Id ? f.UserBId : f.UserAId, f.RoomId })
            .Join(db.Users, f => f.FriendId, u => u.Id, (f, u) => new
            {
                f.RoomId,
                u.Id,
                u.DisplayName,
                u.Handle,
                u.AvatarHash,
                u.ProviderAvatarUrl,
                u.LastSeenAt,
            })
            .ToListAsync(cancellationToken);

        var online = await directory.OnlineAmongAsync([.. friends.Select(f => f.Id)], cancellationToken);
        var status = await statuses.OfAsync([.. friends.Select(f => f.Id)], online, cancellationToken);
        return friends
            .Select(f => new FriendPresence(
                f.Id,
                f.DisplayName,
                f.Handle,
                LetsChatClaims.AvatarUrl(f.AvatarHash, f.ProviderAvatarUrl),
                online.Contains(f.Id),
                presence.LastSeen(f.Id) ?? f.LastSeenAt,
                f.RoomId,
                status.GetValueOrDefault(f.Id)))
            .OrderByDescending(f => f.IsOnline)
            .ThenBy(f => f.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }
}

using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Friends;

/// <summary>Who is friends with whom: the question behind every visibility rule.</summary>
public sealed class FriendDirectory(IDbContextFactory<LetsChatDb> dbFactory)
{
    public async Task<IReadOnlyList<long>> FriendIdsAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Friendships
            .Where(f => f.UserAId == userId || f.UserBId == userId)
            .Select(f => f.UserAId == userId ? f.UserBId : f.UserAId)
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> AreFriendsAsync(long userId, long otherId, CancellationToken cancellationToken = default)
    {
        var (a, b) = Friendship.Order(userId, otherId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Friendships.AnyAsync(f => f.UserAId == a && f.UserBId == b, cancellationToken);
    }
}

using System.Runtime.CompilerServices;
using LetsChat.Components.Friends;
using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications;
using LetsChat.Server.Rooms;
using LetsChat.Server.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Friends;

/// <summary>Ending a friendship, blocking and unblocking.</summary>
internal sealed partial class FriendService
{
    public Task<Outcome> UnfriendAsync(long userId) => Guarded(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var (a, b) = Friends.Friendship.Order(me.Id, userId);
        var friendship = await db.Friendships.SingleOrDefaultAsync(f => f.UserAId == a && f.UserBId == b);
        if (friendship is null)
        {
            return Outcome.Refused("You are not friends with this person.");
        }

        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync();
        db.Friendships.Remove(friendship);
        await PrivateRooms.CloseAsync(db, me.Id, userId, default);
        await db.SaveChangesAsync();
        await FriendsChangedAsync(me.Id, userId);
        return Outcome.Done($"You are no longer friends with {name}.");
    });

    public Task<Outcome> BlockAsync(long userId) => Guarded(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        if (userId == me.Id)
        {
            return Outcome.Refused("You can't block yourself.");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync();
        if (name is null)
        {
            return Outcome.Refused(NoSuchPerson);
        }

        var now = time.GetUtcNow();
        if (!await db.Blocks.AnyAsync(b => b.BlockerId == me.Id && b.BlockedId == userId))
        {
            db.Blocks.Add(new Block { BlockerId = me.Id, BlockedId = userId, CreatedAt = now });
        }

        var (a, b) = Friends.Friendship.Order(me.Id, userId);
        if (await db.Friendships.SingleOrDefaultAsync(f => f.UserAId == a && f.UserBId == b) is { } friendship)
        {
            db.Friendships.Remove(friendship);
            await PrivateRooms.CloseAsync(db, me.Id, userId, default);
        }

        var pending = await db.FriendRequests
            .Where(r => r.State == FriendRequestState.Pending
                && ((r.SenderId == me.Id && r.ReceiverId == userId) || (r.SenderId == userId && r.ReceiverId == me.Id)))
            .ToListAsync();
        foreach (var request in pending)
        {
            request.State = FriendRequestState.Cancelled;
            request.RespondedAt = now;
        }

        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // Blocked from another tab at the same moment: the outcome is the same.
        }

        foreach (var request in pending)
        {
            await notifications.WithdrawAsync(request.ReceiverId, RequestKey(request.Id));
        }

        await FriendsChangedAsync(me.Id, userId);
        return Outcome.Done($"{name} is blocked: neither of you can send the other friend requests.");
    });

    public Task<Outcome> UnblockAsync(long userId) => Guarded(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var removed = await db.Blocks.Where(b => b.BlockerId == me.Id && b.BlockedId == userId).ExecuteDeleteAsync();
        if (removed == 0)
        {
            return Outcome.Refused("You have not blocked this person.");
        }

        await FriendsChangedAsync(me.Id);
        return Outcome.Done("Unblocked.");
    });
}

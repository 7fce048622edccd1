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

/// <summary>Sending, accepting, declining and cancelling friend requests.</summary>
internal sealed partial class FriendService
{
    public Task<Outcome> SendRequestAsync(long userId) => Guarded(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        if (userId == me.Id)
        {
            return Outcome.Refused("You can't send a friend request to yourself.");
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var target = await db.Users.Where(u => u.Id == userId && !u.IsBanned && u.DeletedAt == null).Select(u => new { u.Id, u.DisplayName }).SingleOrDefaultAsync();
        if (target is null)
        {
            return Outcome.Refused(NoSuchPerson);
        }

        if (await db.Blocks.AnyAsync(b => b.BlockerId == me.Id && b.BlockedId == userId))
        {
            return Outcome.Refused($"You blocked {target.DisplayName}. Unblock them first.");
        }

        if (await db.Blocks.AnyAsync(b => b.BlockerId == userId && b.BlockedId == me.Id))
        {
            return Outcome.Refused("You can't send a friend request to this person.");
        }

        var (a, b) = Friends.Friendship.Order(me.Id, userId);
        if (await db.Friendships.AnyAsync(f => f.UserAId == a && f.UserBId == b))
        {
            return Outcome.Refused($"You are already friends with {target.DisplayName}.");
        }

        // They asked first: sending back is accepting, as people expect.
        var theirs = await db.FriendRequests
            .Where(r => r.SenderId == userId && r.ReceiverId == me.Id && r.State == FriendRequestState.Pending)
            .Select(r => (long?)r.Id).FirstOrDefaultAsync();
        if (theirs is { } theirRequestId)
        {
            return await AcceptAsync(theirRequestId);
        }

        var since = HoldsSince();
        if (await db.FriendRequests.Where(r => r.SenderId == me.Id && r.ReceiverId == userId).AnyAsync(FriendRequest.LooksSentToSender(since)))
        {
            return Outcome.Refused($"You already sent {target.DisplayName} a friend request.");
        }

        // Declined lately: the request looks sent to its sender, as any other, and reaches nobody.
        var declined = await db.FriendRequests.AnyAsync(r => r.SenderId == me.Id && r.ReceiverId == userId
            && (r.State == FriendRequestState.Declined || r.State == FriendRequestState.CancelledAfterDecline) && r.RespondedAt > since);

        if (await rateLimits.TryAsync(UserAction.FriendRequest, me.Id) is { IsAllowed: false } limited)
        {
            return Outcome.Refused(limited.Explain("sending friend requests"));
        }

        var request = new FriendRequest
        {
            SenderId = me.Id,
            ReceiverId = userId,
            State = declined ? FriendRequestState.Held : FriendRequestState.Pending,
            CreatedAt = time.GetUtcNow(),
        };
        db.FriendRequests.Add(request);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            return Outcome.Refused($"You already sent {target.DisplayName} a friend request.");
        }

        if (declined)
        {
            await FriendsChangedAsync(me.Id);
            return Outcome.Done($"Friend request sent to {target.DisplayName}.");
        }

        await notifications.NotifyAsync(userId, NotificationKind.FriendRequestReceived,
            new NotificationPayload(me.Id, me.DisplayName, me.AvatarUrl), RequestKey(request.Id));
        await FriendsChangedAsync(me.Id, userId);
        return Outcome.Done($"Friend request sent to {target.DisplayName}.");
    });

    public Task<Outcome> AcceptAsync(long requestId) => Guarded(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var request = await db.FriendRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId && (r.ReceiverId == me.Id || r.SenderId == me.Id));
        if (request is null)
        {
            return Outcome.Refused(NoSuchRequest);
        }

        if (request.ReceiverId != me.Id)
        {
            return Outcome.Refused("Only the person you sent the request to can accept it.");
        }

        if (await db.Blocks.AnyAsync(b => (b.BlockerId == me.Id && b.BlockedId == request.SenderId) || (b.BlockerId == request.SenderId && b.BlockedId == me.Id)))
        {
            return Outcome.Refused("You can't become friends with this person.");
        }

        var now = time.GetUtcNow();
        long privateRoomId;
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            if (!await TransitionAsync(db, requestId, FriendRequestState.Accepted, now))
            {
                return await AlreadyAnsweredAsync(db, requestId);
            }

            // A request the other way, sent at the same moment, is answered by this one too.
            await db.FriendRequests
                .Where(r => r.SenderId == me.Id && r.ReceiverId == request.SenderId && r.State == FriendRequestState.Pending)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.State, FriendRequestState.Accepted).SetProperty(x => x.RespondedAt, now));
            var room = await PrivateRooms.OpenAsync(db, me.Id, request.SenderId, now, default);
            privateRoomId = room.Id;
            var (a, b) = Friends.Friendship.Order(me.Id, request.SenderId);
            if (!await db.Friendships.AnyAsync(f => f.UserAId == a && f.UserBId == b))
            {
                db.Friendships.Add(new Friendship { UserAId = a, UserBId = b, RoomId = room.Id, CreatedAt = now });
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var senderName = await db.Users.Where(u => u.Id == request.SenderId).Select(u => u.DisplayName).SingleAsync();
        await notifications.MarkReadAsync(me.Id, RequestKey(requestId));
        await notifications.NotifyAsync(request.SenderId, NotificationKind.FriendRequestAccepted,
            new NotificationPayload(me.Id, me.DisplayName, me.AvatarUrl, privateRoomId), NotificationService.RoomOpenedKey(privateRoomId));
        await FriendsChangedAsync(me.Id, request.SenderId);
        return Outcome.Done($"You and {senderName} are now friends.");
    });

    public Task<Outcome> DeclineAsync(long requestId) => Guarded(async () =>
    {
        var (request, refusal) = await AnswerAsync(requestId, FriendRequestState.Declined, byReceiver: true,
            "Only the person you sent the request to can decline it; you can cancel it.");
        if (request is null)
        {
            return refusal!;
        }

        // The sender is not told: a declined request just stays unanswered for them until they cancel it.
        await notifications.MarkReadAsync(request.ReceiverId, RequestKey(requestId));
        await FriendsChangedAsync(request.ReceiverId, request.SenderId);
        return Outcome.Done("Request declined.");
    });

    public Task<Outcome> CancelAsync(long requestId) => Guarded(async () =>
    {
        var (request, refusal) = await AnswerAsync(requestId, FriendRequestState.Cancelled, byReceiver: false,
            "Only the sender can cancel a request; you can decline it.");
        if (request is null)
        {
            return refusal!;
        }

        await notifications.WithdrawAsync(request.ReceiverId, RequestKey(requestId));
        await FriendsChangedAsync(request.SenderId, request.ReceiverId);
        return Outcome.Done("Request cancelled.");
    });

    // A request answered by the side that may answer it this way, and only while it is pending.
    private async Task<(FriendRequest? Request, Outcome? Refusal)> AnswerAsync(long requestId, FriendRequestState to, bool byReceiver, string wrongSide)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return (null, Outcome.Refused(Refusals.SignInFirst));
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var request = await db.FriendRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId && (r.ReceiverId == me.Id || r.SenderId == me.Id));
        if (request is null)
        {
            return (null, Outcome.Refused(NoSuchRequest));
        }

        if ((byReceiver ? request.ReceiverId : request.SenderId) != me.Id)
        {
            return (null, Outcome.Refused(wrongSide));
        }

        // A sender cancelling what only looks sent to them (a decline they were not told of) sees it cancelled; the
        // decline keeps holding.
        if (to == FriendRequestState.Cancelled && request.State is FriendRequestState.Declined or FriendRequestState.Held)
        {
            var after = request.State == FriendRequestState.Declined ? FriendRequestState.CancelledAfterDecline : FriendRequestState.Cancelled;
            await db.FriendRequests.Where(r => r.Id == requestId && r.State == request.State).ExecuteUpdateAsync(r => r.SetProperty(x => x.State, after));
            return (request, null);
        }

        return await TransitionAsync(db, requestId, to, time.GetUtcNow())
            ? (request, null)
            : (null, await AlreadyAnsweredAsync(db, requestId));
    }

    private DateTimeOffset HoldsSince() => options.Value.DeclinesHoldSince(time);
}

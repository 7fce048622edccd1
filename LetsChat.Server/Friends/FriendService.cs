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

/// <summary>
/// Friend requests, friendships and blocks for the current user. Every rule is enforced here, with a message a
/// person can read; state changes are atomic in the database, so two tabs acting at once cannot both win.
/// </summary>
internal sealed class FriendService(
    CurrentUser currentUser,
    IDbContextFactory<LetsChatDb> dbFactory,
    NotificationService notifications,
    IEventBus bus,
    UserRateLimits rateLimits,
    IOptions<FriendOptions> options,
    TimeProvider time,
    ILogger<FriendService> logger) : IFriendService
{
    private const string SignInFirst = "Please sign in first.";
    private const string NoSuchRequest = "This friend request does not exist.";
    private const string NoSuchPerson = "This person does not exist.";

    public async Task<PeoplePage> SearchAsync(string? query, int page = 0, CancellationToken cancellationToken = default)
    {
        var text = PlainText.Clean(query, keepLineBreaks: false).Trim().TrimStart('@');
        if (await currentUser.GetAsync() is not { } me || string.IsNullOrEmpty(text) || page < 0)
        {
            return new PeoplePage([], false);
        }

        if (await rateLimits.TryAsync(UserAction.Search, me.Id) is { IsAllowed: false } limited)
        {
            return new PeoplePage([], false, limited.Explain("searching"));
        }

        var key = text[..Math.Min(text.Length, 50)].ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Users
            .Where(u => u.Id != me.Id && !u.IsBanned && u.DeletedAt == null
                && (u.SearchName.Contains(key) || u.NormalizedHandle.Contains(key))
                && !db.Blocks.Any(b => b.BlockerId == u.Id && b.BlockedId == me.Id))
            .OrderBy(u => u.SearchName).ThenBy(u => u.Id)
            .Skip(page * IFriendService.PageSize).Take(IFriendService.PageSize + 1)
            .Select(u => new { u.Id, u.DisplayName, u.Handle, u.AvatarHash, u.ProviderAvatarUrl })
            .ToListAsync(cancellationToken);
        var shown = found.Take(IFriendService.PageSize).ToList();
        var relationships = await RelationshipsAsync(db, me.Id, shown.Select(u => u.Id).ToList(), HoldsSince(), cancellationToken);
        var people = shown.Select(u =>
        {
            var (relationship, requestId) = relationships.GetValueOrDefault(u.Id);
            return new PersonCard(u.Id, u.DisplayName, u.Handle, AvatarUrl(u.AvatarHash, u.ProviderAvatarUrl), relationship, requestId);
        }).ToList();
        return new PeoplePage(people, found.Count > IFriendService.PageSize);
    }

    public async Task<FriendRequests> GetRequestsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return new FriendRequests([], []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.FriendRequests.Where(r => r.ReceiverId == me.Id && r.State == FriendRequestState.Pending)
            .Concat(db.FriendRequests.Where(r => r.SenderId == me.Id).Where(FriendRequest.LooksSentToSender(HoldsSince())))
            .Join(db.Users, r => r.ReceiverId == me.Id ? r.SenderId : r.ReceiverId, u => u.Id, (r, u) => new
            {
                r.Id,
                Incoming = r.ReceiverId == me.Id,
                r.CreatedAt,
                UserId = u.Id,
                u.DisplayName,
                u.Handle,
                u.AvatarHash,
                u.ProviderAvatarUrl,
            })
            .OrderByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
        var incoming = pending.Where(r => r.Incoming).Select(r => new FriendRequestView(r.Id,
            new PersonCard(r.UserId, r.DisplayName, r.Handle, AvatarUrl(r.AvatarHash, r.ProviderAvatarUrl), Relationship.RequestReceived, r.Id), r.CreatedAt)).ToList();
        var outgoing = pending.Where(r => !r.Incoming).Select(r => new FriendRequestView(r.Id,
            new PersonCard(r.UserId, r.DisplayName, r.Handle, AvatarUrl(r.AvatarHash, r.ProviderAvatarUrl), Relationship.RequestSent, r.Id), r.CreatedAt)).ToList();
        return new FriendRequests(incoming, outgoing);
    }

    public Task<Outcome> SendRequestAsync(long userId) => Guarded(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(SignInFirst);
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
            return Outcome.Refused(SignInFirst);
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
            return (null, Outcome.Refused(SignInFirst));
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


    public Task<Outcome> UnfriendAsync(long userId) => Guarded(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(SignInFirst);
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
            return Outcome.Refused(SignInFirst);
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
            return Outcome.Refused(SignInFirst);
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

    /// <param name="declinesHoldSince">Declined and held requests newer than this still look sent to their sender.</param>
    internal static async Task<Dictionary<long, (Relationship Relationship, long? RequestId)>> RelationshipsAsync(
        LetsChatDb db, long me, IReadOnlyList<long> others, DateTimeOffset declinesHoldSince, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, (Relationship, long?)>();
        if (others.Count == 0)
        {
            return result;
        }

        var blocked = await db.Blocks.Where(b => b.BlockerId == me && others.Contains(b.BlockedId)).Select(b => b.BlockedId).ToListAsync(cancellationToken);
        var friends = await db.Friendships
            .Where(f => (f.UserAId == me && others.Contains(f.UserBId)) || (f.UserBId == me && others.Contains(f.UserAId)))
            .Select(f => f.UserAId == me ? f.UserBId : f.UserAId)
            .ToListAsync(cancellationToken);
        var requests = await db.FriendRequests
            .Where(r => r.ReceiverId == me && others.Contains(r.SenderId) && r.State == FriendRequestState.Pending)
            .Concat(db.FriendRequests.Where(r => r.SenderId == me && others.Contains(r.ReceiverId)).Where(FriendRequest.LooksSentToSender(declinesHoldSince)))
            .Select(r => new { r.Id, r.SenderId, r.ReceiverId })
            .ToListAsync(cancellationToken);
        foreach (var request in requests)
        {
            result[request.SenderId == me ? request.ReceiverId : request.SenderId] =
                (request.SenderId == me ? Relationship.RequestSent : Relationship.RequestReceived, request.Id);
        }

        foreach (var friend in friends)
        {
            result[friend] = (Relationship.Friend, null);
        }

        foreach (var id in blocked)
        {
            result[id] = (Relationship.Blocked, null);
        }

        return result;
    }

    internal static string RequestKey(long requestId) => $"friend-request:{requestId}";

    private static string? AvatarUrl(string? hash, string? providerUrl) => LetsChatClaims.AvatarUrl(hash, providerUrl);

    // Only a pending request moves, and only once: the database decides which of two racing answers wins.
    private static async Task<bool> TransitionAsync(LetsChatDb db, long requestId, FriendRequestState to, DateTimeOffset now) =>
        await db.FriendRequests
            .Where(r => r.Id == requestId && r.State == FriendRequestState.Pending)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.State, to).SetProperty(x => x.RespondedAt, now)) == 1;

    private static async Task<Outcome> AlreadyAnsweredAsync(LetsChatDb db, long requestId)
    {
        var state = await db.FriendRequests.Where(r => r.Id == requestId).Select(r => r.State).SingleAsync();
        return Outcome.Refused($"This request was already {state.ToString().ToLowerInvariant()}.");
    }

    // A database outage answers as a refusal the screen shows; the tab lives on.
    private Task<Outcome> Guarded(Func<Task<Outcome>> change, [CallerMemberName] string action = "") =>
        DatabaseOutage.RefusedAsync(change, Outcome.Refused, logger, action);

    private async Task FriendsChangedAsync(params long[] userIds)
    {
        foreach (var userId in userIds)
        {
            await bus.PublishAsync<UserEvent>(EventTopics.User(userId), new FriendsChanged());
        }
    }
}

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
internal sealed partial class FriendService(
    CurrentUser currentUser,
    IDbContextFactory<LetsChatDb> dbFactory,
    NotificationService notifications,
    IEventBus bus,
    UserRateLimits rateLimits,
    IOptions<FriendOptions> options,
    TimeProvider time,
    ILogger<FriendService> logger) : IFriendService
{
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

using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LetsChat.Server.Security;

/// <summary>What a user does that writes or fans out, each with a token bucket of its own per user.</summary>
public enum UserAction
{
    Message,
    FriendRequest,
    Search,

    /// <summary>Message searches (each one reads the full-text index); people searches are <see cref="Search"/>.</summary>
    MessageSearch,
    Edit,
    Delete,
    ProfileChange,
    AvatarUpload,
    RoomCreate,
    RoomMemberChange,
    React,

    /// <summary>Status and custom status changes: each one reaches every friend.</summary>
    StatusChange,

    /// <summary>Reports of messages and people: each one reaches every moderator.</summary>
    Report,

    /// <summary>Older pages of the public room read by visitors, counted per client address (they have no account).</summary>
    VisitorHistory,
}

/// <summary>
/// The per-user token buckets. With Redis configured a bucket is one Redis hash shared by every instance, so a user's
/// allowance is the same however many instances their tabs reach; while Redis is away, each instance's own bucket
/// stands in (a limit that holds per instance, rather than refusing everyone).
/// </summary>
public sealed class UserRateLimits : IDisposable
{
    private readonly Dictionary<UserAction, (BucketShape Shape, PartitionedRateLimiter<string> Local)> _buckets;
    private readonly IConnectionMultiplexer? _redis;
    private readonly ILogger<UserRateLimits> _logger;

    public UserRateLimits(IOptions<RateLimitOptions> options, IServiceProvider services, ILogger<UserRateLimits> logger)
    {
        var limits = options.Value;
        _redis = services.GetService<IConnectionMultiplexer>();
        _logger = logger;
        _buckets = new()
        {
            [UserAction.Message] = Bucket(new(limits.MessageBurst, limits.MessagesPerSecond, TimeSpan.FromSeconds(1))),
            // One request back every (hour / limit): a steady allowance rather than a cliff at the top of the hour.
            [UserAction.FriendRequest] = Bucket(BucketShape.Steady(limits.FriendRequestsPerHour, TimeSpan.FromHours(1))),
            [UserAction.Search] = Bucket(new(limits.SearchBurst, limits.SearchBurst, TimeSpan.FromSeconds(10))),
            [UserAction.MessageSearch] = Bucket(new(limits.MessageSearchBurst, limits.MessageSearchBurst, TimeSpan.FromSeconds(10))),
            [UserAction.Edit] = Bucket(BucketShape.Steady(limits.EditsPerMinute, TimeSpan.FromMinutes(1))),
            [UserAction.Delete] = Bucket(BucketShape.Steady(limits.DeletesPerMinute, TimeSpan.FromMinutes(1))),
            [UserAction.ProfileChange] = Bucket(BucketShape.Steady(limits.ProfileChangesPerHour, TimeSpan.FromHours(1))),
            [UserAction.AvatarUpload] = Bucket(BucketShape.Steady(limits.AvatarUploadsPerHour, TimeSpan.FromHours(1))),
            [UserAction.RoomCreate] = Bucket(BucketShape.Steady(limits.RoomsCreatedPerHour, TimeSpan.FromHours(1))),
            [UserAction.RoomMemberChange] = Bucket(BucketShape.Steady(limits.MemberChangesPerMinute, TimeSpan.FromMinutes(1))),
            [UserAction.StatusChange] = Bucket(BucketShape.Steady(limits.StatusChangesPerMinute, TimeSpan.FromMinutes(1))),
            [UserAction.Report] = Bucket(BucketShape.Steady(limits.ReportsPerHour, TimeSpan.FromHours(1))),
            [UserAction.React] = Bucket(new(limits.ReactionBurst, limits.ReactionBurst, TimeSpan.FromMinutes(1))),
            [UserAction.VisitorHistory] = Bucket(new(limits.VisitorPagesBurst, limits.VisitorPagesBurst, TimeSpan.FromMinutes(1))),
        };
    }

    /// <summary>Takes one token of <paramref name="action"/>'s bucket for <paramref name="userId"/>, or says when there will be one.</summary>
    public ValueTask<RateLimitDecision> TryAsync(UserAction action, long userId) =>
        TryAsync(action, userId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Takes one token of <paramref name="action"/>'s bucket for a caller without an account, by client address.</summary>
    public ValueTask<RateLimitDecision> TryAsync(UserAction action, System.Net.IPAddress address) => TryAsync(action, "address:" + address);

    private async ValueTask<RateLimitDecision> TryAsync(UserAction action, string who)
    {
        var (shape, local) = _buckets[action];
        if (_redis is { IsConnected: true } redis)
        {
            try
            {
                return await RedisTokenBucket.TakeAsync(redis.GetDatabase(), $"letschat:limits:{action}:{who}", shape);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _logger.LimitLocalOnly(ex, action, who);
            }
        }

        using var lease = local.AttemptAcquire(who);
        return lease.IsAcquired
            ? RateLimitDecision.Allowed
            : new RateLimitDecision(false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
    }

    public void Dispose()
    {
        foreach (var (_, local) in _buckets.Values)
        {
            local.Dispose();
        }
    }

    private static (BucketShape, PartitionedRateLimiter<string>) Bucket(BucketShape shape) =>
        (shape, PartitionedRateLimiter.Create<string, string>(who => RateLimitPartition.GetTokenBucketLimiter(who, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = shape.Capacity,
            TokensPerPeriod = shape.Refill,
            ReplenishmentPeriod = shape.Period,
            QueueLimit = 0,
            AutoReplenishment = true,
        })));
}

/// <summary>A token bucket: <see cref="Capacity"/> at once, then <see cref="Refill"/> more every <see cref="Period"/>.</summary>
public readonly record struct BucketShape(int Capacity, int Refill, TimeSpan Period)
{
    public int Capacity { get; } = Math.Max(1, Capacity);

    public int Refill { get; } = Math.Max(1, Refill);

    /// <summary><paramref name="perPeriod"/> at once, and one back every <paramref name="period"/> / <paramref name="perPeriod"/>.</summary>
    public static BucketShape Steady(int perPeriod, TimeSpan period) => new(perPeriod, 1, period / Math.Max(1, perPeriod));
}

public readonly record struct RateLimitDecision(bool IsAllowed, TimeSpan? RetryAfter)
{
    public static RateLimitDecision Allowed => new(true, null);

    /// <summary>What to tell the user: what happened and when they can go on.</summary>
    public string Explain(string what)
    {
        var wait = RetryAfter is { } after ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        return wait < 120
            ? $"You are {what} too fast. You can go on in {wait} second{(wait == 1 ? "" : "s")}."
            : $"You are {what} too fast. You can go on in {(int)Math.Ceiling(wait / 60.0)} minutes.";
    }
}

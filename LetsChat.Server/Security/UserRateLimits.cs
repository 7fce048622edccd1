using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Security;

/// <summary>The per-user token buckets for sending, friend requests and searches; one bucket per user and action.</summary>
public sealed class UserRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<long> _messages;
    private readonly PartitionedRateLimiter<long> _friendRequests;
    private readonly PartitionedRateLimiter<long> _searches;

    public UserRateLimits(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        _messages = Buckets(limits.MessageBurst, limits.MessagesPerSecond, TimeSpan.FromSeconds(1));
        // One request back every (hour / limit): a steady allowance rather than a cliff at the top of the hour.
        _friendRequests = Buckets(limits.FriendRequestsPerHour, 1, TimeSpan.FromHours(1) / Math.Max(1, limits.FriendRequestsPerHour));
        _searches = Buckets(limits.SearchBurst, limits.SearchBurst, TimeSpan.FromSeconds(10));
    }

    public RateLimitDecision TryMessage(long userId) => Try(_messages, userId);

    public RateLimitDecision TryFriendRequest(long userId) => Try(_friendRequests, userId);

    public RateLimitDecision TrySearch(long userId) => Try(_searches, userId);

    public void Dispose()
    {
        _messages.Dispose();
        _friendRequests.Dispose();
        _searches.Dispose();
    }

    private static PartitionedRateLimiter<long> Buckets(int burst, int refill, TimeSpan every) =>
        PartitionedRateLimiter.Create<long, long>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = Math.Max(1, refill),
            ReplenishmentPeriod = every,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static RateLimitDecision Try(PartitionedRateLimiter<long> limiter, long userId)
    {
        using var lease = limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            return RateLimitDecision.Allowed;
        }

        return new RateLimitDecision(false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
    }
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

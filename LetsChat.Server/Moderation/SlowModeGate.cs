using StackExchange.Redis;

namespace LetsChat.Server.Moderation;

/// <summary>
/// Slow mode's one-message-per-interval rule, per person and room. With Redis configured the claim is one
/// <c>SET NX PX</c>, so two tabs on two instances cannot both get a message through; while Redis is away (or without
/// it) each instance keeps its own claims, a rule that then holds per instance rather than refusing everyone.
/// </summary>
public sealed class SlowModeGate(IServiceProvider services, TimeProvider time, ILogger<SlowModeGate> logger)
{
    private const int PruneAbove = 10_000;
    private readonly IConnectionMultiplexer? _redis = services.GetService<IConnectionMultiplexer>();
    private readonly Dictionary<(long RoomId, long UserId), DateTimeOffset> _local = [];

    /// <summary>Claims the person's next message in the room; when refused, how long until they may send.</summary>
    public async Task<TimeSpan?> TryClaimAsync(long roomId, long userId, int seconds)
    {
        var interval = TimeSpan.FromSeconds(seconds);
        if (_redis is { IsConnected: true } redis)
        {
            try
            {
                var database = redis.GetDatabase();
                var key = Key(roomId, userId);
                if (await database.StringSetAsync(key, 1, interval, When.NotExists))
                {
                    return null;
                }

                var left = await database.KeyTimeToLiveAsync(key);
                return left is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.SlowModeLocalOnly(ex, roomId);
            }
        }

        var now = time.GetUtcNow();
        lock (_local)
        {
            if (_local.Count > PruneAbove)
            {
                foreach (var (key, until) in _local.Where(e => e.Value <= now).ToList())
                {
                    _local.Remove(key);
                }
            }

            if (_local.TryGetValue((roomId, userId), out var busyUntil) && busyUntil > now)
            {
                return busyUntil - now;
            }

            _local[(roomId, userId)] = now + interval;
            return null;
        }
    }

    /// <summary>Gives the claim back: the message it was for could not be stored, and the person should not wait for nothing.</summary>
    public async Task ReleaseAsync(long roomId, long userId)
    {
        lock (_local)
        {
            _local.Remove((roomId, userId));
        }

        if (_redis is { IsConnected: true } redis)
        {
            try
            {
                await redis.GetDatabase().KeyDeleteAsync(Key(roomId, userId));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.SlowModeLocalOnly(ex, roomId);
            }
        }
    }

    /// <summary>What a slowed person is told.</summary>
    public static string Explain(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return seconds < 120
            ? $"Slow mode is on in this room: you can send another message in {seconds} second{(seconds == 1 ? "" : "s")}."
            : $"Slow mode is on in this room: you can send another message in {(int)Math.Ceiling(seconds / 60.0)} minutes.";
    }

    private static RedisKey Key(long roomId, long userId) => $"letschat:slow:{roomId}:{userId}";
}

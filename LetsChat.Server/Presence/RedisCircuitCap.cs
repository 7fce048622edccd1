using StackExchange.Redis;

namespace LetsChat.Server.Presence;

/// <summary>
/// A cap on circuits counted across instances: each opening goes into a sorted set in Redis, by order of opening, and
/// the circuits over the cap, oldest first, are taken out of it at once and closed by the instance that holds them.
/// Both the cap per user (<see cref="RedisPresence"/>) and the visitors' cap per address (<see cref="RedisVisitorCircuits"/>).
/// </summary>
internal static class RedisCircuitCap
{
    // KEYS: the circuits by age, the counter of openings, and optionally a set the opening also goes in (the instance's).
    // ARGV: instance|circuit, the cap, seconds to keep the circuits' set (0: for ever), the member for the third key.
    // Returns the circuits over the cap, oldest first, as instance|circuit.
    private const string OpenScript = """
        local order = redis.call('INCR', KEYS[2])
        redis.call('ZADD', KEYS[1], order, ARGV[1])
        if tonumber(ARGV[3]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
        if #KEYS >= 3 then redis.call('SADD', KEYS[3], ARGV[4]) end
        local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
        if over <= 0 then return {} end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, over - 1)
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
        return oldest
        """;

    /// <summary>Counts a circuit just opened; returns the circuits now over the cap, oldest first (possibly this one's own instance's).</summary>
    /// <param name="alsoIn">A set the opening also goes in, with its member, in the same step.</param>
    public static async Task<IReadOnlyList<(string Instance, string CircuitId)>> OpenAsync(
        IDatabase db, RedisKey circuits, RedisKey counter, string instance, string circuitId, int cap, TimeSpan keep = default,
        (RedisKey Set, RedisValue Member)? alsoIn = null)
    {
        RedisKey[] keys = alsoIn is { } extra ? [circuits, counter, extra.Set] : [circuits, counter];
        RedisValue[] values = [$"{instance}|{circuitId}", cap, (long)keep.TotalSeconds, alsoIn?.Member ?? RedisValue.EmptyString];
        var over = (RedisValue[]?)await db.ScriptEvaluateAsync(OpenScript, keys, values) ?? [];
        return [.. over.Select(entry => Split(entry.ToString()))];
    }

    /// <summary>Closes each circuit over the cap: this instance's own at once, another's by asking it on its channel.</summary>
    public static async Task CloseAsync(
        IEnumerable<(string Instance, string CircuitId)> over, string self, Action<string> closeOwn, ISubscriber subscriber, string channelPrefix, string owner)
    {
        foreach (var (instance, circuitId) in over)
        {
            if (instance == self)
            {
                closeOwn(circuitId);
            }
            else
            {
                await subscriber.PublishAsync(RedisChannel.Literal(channelPrefix + instance), $"{owner}|{circuitId}");
            }
        }
    }

    /// <summary>"before|after" as its two parts (all of it before, when there is no bar).</summary>
    public static (string Before, string After) Split(string entry)
    {
        var bar = entry.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (entry, string.Empty) : (entry[..bar], entry[(bar + 1)..]);
    }
}

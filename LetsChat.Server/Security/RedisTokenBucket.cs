using StackExchange.Redis;

namespace LetsChat.Server.Security;

/// <summary>
/// A token bucket in one Redis hash, taken from atomically by a script that reads Redis's own clock, so instances whose
/// clocks differ still count one allowance.
/// </summary>
internal static class RedisTokenBucket
{
    private static readonly LuaScript Take = LuaScript.Prepare("""
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local capacity = tonumber(@capacity)
        local refill = tonumber(@refill)
        local period = tonumber(@period)
        local state = redis.call('HMGET', @key, 'tokens', 'at')
        local tokens = tonumber(state[1]) or capacity
        local at = tonumber(state[2]) or now
        local periods = math.floor((now - at) / period)
        if periods > 0 then
            tokens = math.min(capacity, tokens + periods * refill)
            at = at + periods * period
        end
        local allowed = 0
        local wait = 0
        if tokens >= 1 then
            tokens = tokens - 1
            allowed = 1
        else
            wait = period - (now - at)
        end
        if tokens >= capacity then at = now end
        redis.call('HSET', @key, 'tokens', tokens, 'at', at)
        redis.call('PEXPIRE', @key, math.ceil((capacity - tokens) / refill + 1) * period)
        return { allowed, wait }
        """);

    public static async Task<RateLimitDecision> TakeAsync(IDatabase database, string key, BucketShape shape)
    {
        var result = (RedisResult[])(await Take.EvaluateAsync(database, new
        {
            key = (RedisKey)key,
            capacity = shape.Capacity,
            refill = shape.Refill,
            period = (long)Math.Max(1, shape.Period.TotalMilliseconds),
        }))!;
        return (int)result[0] == 1 ? RateLimitDecision.Allowed : new RateLimitDecision(false, TimeSpan.FromMilliseconds((long)result[1]));
    }
}

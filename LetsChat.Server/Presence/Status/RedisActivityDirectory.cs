using System.Globalization;
using StackExchange.Redis;

namespace LetsChat.Server.Presence.Status;

/// <summary>
/// Activity shared by every instance: one hash per user (last input, away flag), changed by atomic scripts so that of
/// two instances seeing the same change only one reports it. Keys expire a day after the last change.
/// </summary>
internal sealed class RedisActivityDirectory(IConnectionMultiplexer redis) : IActivityDirectory
{
    private const string Prefix = "letschat:activity:";
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    // KEYS: the user's hash. ARGV: now (ms), expiry (s). 1 when the user was away and is active again.
    private const string MarkActive = """
        local wasIdle = redis.call('HGET', KEYS[1], 'idle')
        redis.call('HSET', KEYS[1], 'last', ARGV[1], 'idle', '0')
        redis.call('EXPIRE', KEYS[1], ARGV[2])
        if wasIdle == '1' then return 1 end
        return 0
        """;

    // KEYS: the user's hash. ARGV: idle-since (ms), now (ms), expiry (s). 1 when the user is away from now on.
    private const string MarkIdle = """
        local last = redis.call('HGET', KEYS[1], 'last')
        if not last then
            redis.call('HSET', KEYS[1], 'last', ARGV[2], 'idle', '0')
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return 0
        end
        if redis.call('HGET', KEYS[1], 'idle') == '1' or tonumber(last) > tonumber(ARGV[1]) then return 0 end
        redis.call('HSET', KEYS[1], 'idle', '1')
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> MarkActiveAsync(long userId, DateTimeOffset now) =>
        (int)await Db.ScriptEvaluateAsync(MarkActive, [Key(userId)], [now.ToUnixTimeMilliseconds(), (long)KeepFor.TotalSeconds]) == 1;

    public async Task<IReadOnlyList<long>> MarkIdleAsync(IReadOnlyCollection<long> userIds, DateTimeOffset idleSince, DateTimeOffset now)
    {
        var db = Db;
        var results = await Task.WhenAll(userIds.Select(async id =>
            (Id: id, Changed: (int)await db.ScriptEvaluateAsync(MarkIdle, [Key(id)], [idleSince.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), (long)KeepFor.TotalSeconds]) == 1)));
        return results.Where(r => r.Changed).Select(r => r.Id).ToList();
    }

    public async Task<IReadOnlySet<long>> IdleAmongAsync(IReadOnlyCollection<long> userIds)
    {
        var db = Db;
        var flags = await Task.WhenAll(userIds.Select(async id => (Id: id, Idle: await db.HashGetAsync(Key(id), "idle"))));
        return flags.Where(f => f.Idle == "1").Select(f => f.Id).ToHashSet();
    }

    public Task ForgetAsync(long userId) => Db.KeyDeleteAsync(Key(userId));

    private static RedisKey Key(long userId) => Prefix + userId.ToString(CultureInfo.InvariantCulture);
}

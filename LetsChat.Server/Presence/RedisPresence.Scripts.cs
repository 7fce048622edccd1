using System.Threading.Channels;
using LetsChat.Components.Presence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static LetsChat.Server.Presence.PresenceService;

namespace LetsChat.Server.Presence;

/// <summary>The Lua scripts that change presence in Redis, each one atomic.</summary>
internal sealed partial class RedisPresence
{
    // KEYS: the user's set of instances, this instance's set of users. ARGV: instance, user. 1 when now online for everybody.
    private const string MarkOnline = """
        local added = redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('SADD', KEYS[2], ARGV[2])
        if added == 1 and redis.call('SCARD', KEYS[1]) == 1 then return 1 end
        return 0
        """;

    // Same keys and arguments. 1 when now offline for everybody.
    private const string MarkOffline = """
        local removed = redis.call('SREM', KEYS[1], ARGV[1])
        redis.call('SREM', KEYS[2], ARGV[2])
        if removed == 1 and redis.call('SCARD', KEYS[1]) == 0 then return 1 end
        return 0
        """;

    // KEYS: the user's circuits, this instance's circuits. ARGV: instance|circuit, user|circuit.
    private const string CloseCircuit = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('SREM', KEYS[2], ARGV[2])
        return 0
        """;

    // Forgets an instance whose heartbeat expired; only the first instance to try does it. ARGV: prefix, instance.
    // Returns the users who are now offline everywhere.
    private const string ForgetInstance = """
        local prefix, dead = ARGV[1], ARGV[2]
        if redis.call('EXISTS', prefix .. 'instance:' .. dead) == 1 then return {} end
        if redis.call('SREM', prefix .. 'instances', dead) == 0 then return {} end
        local offline = {}
        for _, user in ipairs(redis.call('SMEMBERS', prefix .. 'instance-users:' .. dead)) do
          local key = prefix .. 'online:' .. user
          if redis.call('SREM', key, dead) == 1 and redis.call('SCARD', key) == 0 then table.insert(offline, user) end
        end
        for _, entry in ipairs(redis.call('SMEMBERS', prefix .. 'instance-circuits:' .. dead)) do
          local bar = string.find(entry, '|', 1, true)
          redis.call('ZREM', prefix .. 'circuits:' .. string.sub(entry, 1, bar - 1), dead .. '|' .. string.sub(entry, bar + 1))
        end
        redis.call('DEL', prefix .. 'instance-users:' .. dead, prefix .. 'instance-circuits:' .. dead)
        redis.call('HDEL', prefix .. 'tabs', dead)
        return offline
        """;

    // People online anywhere (the union of every live instance's users) and the tabs every other instance last reported.
    // ARGV: prefix, this instance.
    private const string CountTotals = """
        local prefix, me = ARGV[1], ARGV[2]
        local keys, tabs = {}, 0
        for _, instance in ipairs(redis.call('SMEMBERS', prefix .. 'instances')) do
          table.insert(keys, prefix .. 'instance-users:' .. instance)
          if instance ~= me then tabs = tabs + tonumber(redis.call('HGET', prefix .. 'tabs', instance) or '0') end
        end
        local users = 0
        if #keys > 0 then users = #redis.call('SUNION', unpack(keys)) end
        return { users, tabs }
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly PresenceService _presence;
    private readonly IOptionsMonitor<PresenceOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisPresence> _logger;
}

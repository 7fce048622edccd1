using System.Threading.Channels;
using LetsChat.Components.Presence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static LetsChat.Server.Presence.PresenceService;

namespace LetsChat.Server.Presence;

/// <summary>
/// Presence shared by every instance through Redis. A user is online while any instance has them online; the circuit
/// cap counts circuits on all instances, and the owner of the oldest is told through pub/sub to close it. Each
/// instance renews a heartbeat that expires; the others take the users of an instance whose heartbeat expired
/// offline, so a crash costs at most <see cref="PresenceOptions.InstanceTimeout"/> plus one heartbeat.
/// </summary>
internal sealed class RedisPresence : BackgroundService, IPresenceDirectory
{
    private const string Prefix = "letschat:presence:";

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

    // KEYS: the user's circuits by age, this instance's circuits, the counter of openings.
    // ARGV: instance|circuit, the cap, user|circuit. Returns the circuits over the cap, oldest first, as instance|circuit.
    private const string OpenCircuit = """
        local order = redis.call('INCR', KEYS[3])
        redis.call('ZADD', KEYS[1], order, ARGV[1])
        redis.call('SADD', KEYS[2], ARGV[3])
        local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
        if over <= 0 then return {} end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, over - 1)
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
        return oldest
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
    private readonly ChannelReader<CircuitChange> _circuits;
    private readonly Channel<PresenceChanged> _changes = Channel.CreateUnbounded<PresenceChanged>(new UnboundedChannelOptions { SingleReader = true });
    private ChannelMessageQueue? _closeRequests;
    private volatile bool _outOfStep = true;

    public RedisPresence(IConnectionMultiplexer redis, PresenceService presence, IOptionsMonitor<PresenceOptions> options, TimeProvider time, ILogger<RedisPresence> logger)
    {
        _redis = redis;
        _presence = presence;
        _options = options;
        _time = time;
        _logger = logger;
        _circuits = presence.TrackCircuits();
        _redis.ConnectionRestored += (_, _) => _outOfStep = true;
    }

    /// <summary>This instance's name among the others, in Redis.</summary>
    internal string Instance { get; } = Guid.NewGuid().ToString("N");

    public ChannelReader<PresenceChanged> Changes => _changes.Reader;

    private IDatabase Db => _redis.GetDatabase();

    private RedisKey InstanceUsers => Prefix + "instance-users:" + Instance;

    private RedisKey InstanceCircuits => Prefix + "instance-circuits:" + Instance;

    public async ValueTask<PresenceChanged?> ShareAsync(PresenceChanged change, CancellationToken cancellationToken)
    {
        try
        {
            var forEverybody = await MarkAsync(change.UserId, change.IsOnline);
            return forEverybody ? change : null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _outOfStep = true;
            throw;
        }
    }

    public async ValueTask<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken)
    {
        try
        {
            var db = Db;
            var counts = await Task.WhenAll(userIds.Select(async id => (id, count: await db.SetLengthAsync(Prefix + "online:" + id))));
            return counts.Where(c => c.count > 0).Select(c => c.id).ToHashSet();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.StatusesLocalOnly(ex);
            return userIds.Where(_presence.IsOnline).ToHashSet();
        }
    }

    public async ValueTask<PresenceTotals> TotalsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var counts = (RedisValue[]?)await Db.ScriptEvaluateAsync(CountTotals, values: [Prefix, Instance]) ?? [];
            // This instance's own tabs as they are now, not as of its last heartbeat.
            return new PresenceTotals(Math.Max((int)counts[0], _presence.OnlineUserCount), (int)counts[1] + _presence.ConnectedCircuitCount);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.TotalsLocalOnly(ex);
            return new PresenceTotals(_presence.OnlineUserCount, _presence.ConnectedCircuitCount);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ShareCircuitsAsync(stoppingToken), HeartbeatAsync(stoppingToken));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // A goodbye: the next heartbeat of another instance takes this one's users offline, unless they are there too.
            await Db.KeyDeleteAsync(Prefix + "instance:" + Instance);
            await Db.HashDeleteAsync(Prefix + "tabs", Instance);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // ObjectDisposedException: on shutdown the host may already have disposed the shared connection.
            _logger.GoodbyeFailed(ex);
        }
    }

    private async Task<bool> MarkAsync(long userId, bool online) =>
        (int)await Db.ScriptEvaluateAsync(
            online ? MarkOnline : MarkOffline,
            [Prefix + "online:" + userId, InstanceUsers],
            [Instance, userId]) == 1;

    private async Task ShareCircuitsAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _circuits.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ShareCircuitAsync(change);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _outOfStep = true;
                _logger.CapLocalOnly(ex);
            }
        }
    }

    private async Task ShareCircuitAsync(CircuitChange change)
    {
        var entry = $"{change.UserId}|{change.CircuitId}";
        if (!change.Opened)
        {
            await Db.ScriptEvaluateAsync(CloseCircuit, [Prefix + "circuits:" + change.UserId, InstanceCircuits], [$"{Instance}|{change.CircuitId}", entry]);
            return;
        }

        var cap = Math.Max(1, _options.CurrentValue.MaxCircuitsPerUser);
        var over = (RedisValue[]?)await Db.ScriptEvaluateAsync(
            OpenCircuit,
            [Prefix + "circuits:" + change.UserId, InstanceCircuits, Prefix + "circuit-order"],
            [$"{Instance}|{change.CircuitId}", cap, entry]) ?? [];
        foreach (var oldest in over)
        {
            var (instance, circuitId) = Split(oldest.ToString());
            if (instance == Instance)
            {
                _presence.CloseCircuit(change.UserId, circuitId, CircuitCloseReasons.OpenedElsewhere);
            }
            else
            {
                await _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Prefix + "close:" + instance), $"{change.UserId}|{circuitId}");
            }
        }
    }

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CurrentValue.InstanceTimeout / 3, _time);
        var failing = false;
        do
        {
            try
            {
                await BeatAsync();
                if (failing)
                {
                    _logger.PresenceSharedAgain();
                }

                failing = false;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _outOfStep = true;
                if (!failing)
                {
                    _logger.PresenceLocalOnly(ex);
                }

                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task BeatAsync()
    {
        var db = Db;
        await db.StringSetAsync(Prefix + "instance:" + Instance, 1, _options.CurrentValue.InstanceTimeout);
        await db.HashSetAsync(Prefix + "tabs", Instance, _presence.ConnectedCircuitCount);
        if (await db.SetAddAsync(Prefix + "instances", Instance))
        {
            _outOfStep = true; // new here, or forgotten (Redis restarted, or this instance was silent too long)
        }

        await ListenForCloseRequestsAsync();
        if (_outOfStep)
        {
            _outOfStep = false;
            await AnnounceAsync();
        }

        foreach (var other in await db.SetMembersAsync(Prefix + "instances"))
        {
            if (other != Instance && !await db.KeyExistsAsync(Prefix + "instance:" + other))
            {
                await ForgetAsync(other.ToString());
            }
        }
    }

    private async Task ForgetAsync(string instance)
    {
        var offline = (RedisValue[]?)await Db.ScriptEvaluateAsync(ForgetInstance, values: [Prefix, instance]) ?? [];
        if (offline.Length > 0)
        {
            _logger.InstanceGone(instance, offline.Length);
        }

        var now = _time.GetUtcNow();
        foreach (var userId in offline)
        {
            _changes.Writer.TryWrite(new PresenceChanged((long)userId, false, now));
        }
    }

    // Makes what Redis holds for this instance match what it has, after Redis lost it or missed changes.
    private async Task AnnounceAsync()
    {
        var db = Db;
        var online = _presence.OnlineUsers().ToHashSet();
        var known = (await db.SetMembersAsync(InstanceUsers)).Select(v => (long)v).ToHashSet();
        foreach (var userId in known.Except(online))
        {
            if (await MarkAsync(userId, online: false))
            {
                _changes.Writer.TryWrite(new PresenceChanged(userId, false, _time.GetUtcNow()));
            }
        }

        foreach (var userId in online.Except(known))
        {
            if (await MarkAsync(userId, online: true))
            {
                _changes.Writer.TryWrite(new PresenceChanged(userId, true, null));
            }
        }

        var circuits = _presence.OpenCircuits();
        var here = circuits.Select(c => $"{c.UserId}|{c.CircuitId}").ToHashSet();
        foreach (var gone in (await db.SetMembersAsync(InstanceCircuits)).Select(v => v.ToString()).Where(e => !here.Contains(e)))
        {
            var (userId, circuitId) = Split(gone);
            await ShareCircuitAsync(new CircuitChange(long.Parse(userId), circuitId, Opened: false));
        }

        foreach (var circuit in circuits)
        {
            if (await db.SortedSetScoreAsync(Prefix + "circuits:" + circuit.UserId, $"{Instance}|{circuit.CircuitId}") is null)
            {
                await ShareCircuitAsync(circuit);
            }
        }
    }

    private async Task ListenForCloseRequestsAsync()
    {
        if (_closeRequests is not null)
        {
            return;
        }

        var channel = RedisChannel.Literal(Prefix + "close:" + Instance);
        var subscriber = _redis.GetSubscriber();
        try
        {
            _closeRequests = await subscriber.SubscribeAsync(channel);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Drop the half-made subscription; the next heartbeat tries again.
            await subscriber.UnsubscribeAsync(channel);
            throw;
        }

        _closeRequests.OnMessage(message =>
        {
            var (userId, circuitId) = Split(message.Message.ToString());
            if (long.TryParse(userId, out var id))
            {
                _presence.CloseCircuit(id, circuitId, CircuitCloseReasons.OpenedElsewhere);
            }
        });
    }

    private static (string Before, string After) Split(string entry)
    {
        var bar = entry.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (entry, string.Empty) : (entry[..bar], entry[(bar + 1)..]);
    }
}

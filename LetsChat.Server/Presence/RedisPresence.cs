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
internal sealed partial class RedisPresence : BackgroundService, IPresenceDirectory
{
    private const string Prefix = "letschat:presence:";

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
        var over = await RedisCircuitCap.OpenAsync(
            Db, Prefix + "circuits:" + change.UserId, Prefix + "circuit-order", Instance, change.CircuitId, cap, alsoIn: (InstanceCircuits, entry));
        await RedisCircuitCap.CloseAsync(
            over, Instance, circuitId => _presence.CloseCircuit(change.UserId, circuitId, CircuitCloseReasons.OpenedElsewhere),
            _redis.GetSubscriber(), Prefix + "close:", change.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
            var (userId, circuitId) = RedisCircuitCap.Split(message.Message.ToString());
            if (long.TryParse(userId, out var id))
            {
                _presence.CloseCircuit(id, circuitId, CircuitCloseReasons.OpenedElsewhere);
            }
        });
    }
}

using System.Net;
using StackExchange.Redis;

namespace LetsChat.Server.Presence;

/// <summary>
/// The visitors' circuit cap across instances: every instance adds its visitors' circuits to one sorted set per client
/// address in Redis, and the circuits over the cap, oldest first, are closed by the instance that holds them (told
/// through pub/sub). While Redis is away, each instance's own cap still holds.
/// </summary>
internal sealed class RedisVisitorCircuits(IConnectionMultiplexer redis, VisitorCircuits visitors, ILogger<RedisVisitorCircuits> logger)
    : BackgroundService
{
    private const string Prefix = "letschat:visitors:";

    // An address's set is forgotten a day after its last opening: entries of an instance that died without closing
    // its circuits go then, or sooner, as the oldest when the cap is reached.
    private static readonly TimeSpan Forget = TimeSpan.FromDays(1);

    // KEYS: the address's circuits by age, the counter of openings. ARGV: instance|circuit, the cap, seconds to keep.
    // Returns the circuits over the cap, oldest first, as instance|circuit.
    private const string OpenCircuit = """
        local order = redis.call('INCR', KEYS[2])
        redis.call('ZADD', KEYS[1], order, ARGV[1])
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
        if over <= 0 then return {} end
        local oldest = redis.call('ZRANGE', KEYS[1], 0, over - 1)
        redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
        return oldest
        """;

    private readonly System.Threading.Channels.ChannelReader<VisitorCircuitChange> _changes = visitors.TrackChanges();
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private bool _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        await foreach (var change in _changes.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ListenAsync();
                await ShareAsync(change);
                failing = false;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (!failing)
                {
                    logger.VisitorCapLocalOnly(ex);
                }

                failing = true;
            }
        }
    }

    private async Task ShareAsync(VisitorCircuitChange change)
    {
        var db = redis.GetDatabase();
        RedisKey key = Prefix + change.Address;
        RedisValue entry = $"{_instance}|{change.CircuitId}";
        if (!change.Opened)
        {
            await db.SortedSetRemoveAsync(key, entry);
            return;
        }

        var over = (RedisValue[]?)await db.ScriptEvaluateAsync(OpenCircuit, [key, Prefix + "order"], [entry, visitors.Cap, (long)Forget.TotalSeconds]) ?? [];
        foreach (var oldest in over.Select(v => v.ToString()))
        {
            var bar = oldest.IndexOf('|', StringComparison.Ordinal);
            var (instance, circuitId) = (oldest[..bar], oldest[(bar + 1)..]);
            if (instance == _instance)
            {
                visitors.Close(change.Address, circuitId);
            }
            else
            {
                await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Prefix + "close:" + instance), $"{change.Address}|{circuitId}");
            }
        }
    }

    // Subscribed before this instance's first circuit is counted, so a request to close it always has a listener.
    private async Task ListenAsync()
    {
        if (_listening)
        {
            return;
        }

        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Prefix + "close:" + _instance));
        queue.OnMessage(message =>
        {
            var text = message.Message.ToString();
            var bar = text.LastIndexOf('|');
            if (bar > 0 && IPAddress.TryParse(text[..bar], out var address))
            {
                visitors.Close(address, text[(bar + 1)..]);
            }
        });
        _listening = true;
    }
}

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
        if (!change.Opened)
        {
            await db.SortedSetRemoveAsync(key, $"{_instance}|{change.CircuitId}");
            return;
        }

        var over = await RedisCircuitCap.OpenAsync(db, key, Prefix + "order", _instance, change.CircuitId, visitors.Cap, Forget);
        await RedisCircuitCap.CloseAsync(
            over, _instance, circuitId => visitors.Close(change.Address, circuitId), redis.GetSubscriber(), Prefix + "close:", change.Address.ToString());
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

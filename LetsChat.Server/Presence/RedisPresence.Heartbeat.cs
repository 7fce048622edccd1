using System.Threading.Channels;
using LetsChat.Components.Presence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static LetsChat.Server.Presence.PresenceService;

namespace LetsChat.Server.Presence;

/// <summary>The heartbeat that keeps this instance alive in Redis, and what happens when an instance stops beating.</summary>
internal sealed partial class RedisPresence
{
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
            var (userId, circuitId) = RedisCircuitCap.Split(gone);
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
}

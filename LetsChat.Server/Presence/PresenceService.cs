using System.Collections.Concurrent;
using System.Threading.Channels;
using LetsChat.Components.Presence;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Presence;

/// <summary>
/// Knows every live circuit of every signed-in user on this instance. A user is online while one of their circuits
/// is connected, and goes offline once none has been for the grace period. Caps the circuits per user by closing the
/// oldest. State is in memory, one lock per user; a user with no circuits left has no entry at all.
/// </summary>
public sealed partial class PresenceService(IOptionsMonitor<PresenceOptions> options, TimeProvider time, ILogger<PresenceService> logger)
{
    private readonly ConcurrentDictionary<long, UserPresence> _users = new();
    private readonly Channel<PresenceChanged> _changes = Channel.CreateUnbounded<PresenceChanged>(new UnboundedChannelOptions { SingleReader = true });
    private long _openCounter;
    private Channel<CircuitChange>? _circuitChanges;

    /// <summary>Every status change, in order; the broadcaster tells friends and stores "last seen".</summary>
    public ChannelReader<PresenceChanged> Changes => _changes.Reader;

    /// <summary>Users with an entry (online, or within their grace period, or with a dropped circuit kept for reconnection).</summary>
    public int TrackedUserCount => _users.Count;

    public int OnlineUserCount => _users.Values.Count(u => u.IsOnline);

    public int CircuitCount => _users.Values.Sum(u => u.CircuitCount);

    /// <summary>Circuits with a browser connected now: a tab whose connection dropped (kept a while for its return) is not one.</summary>
    public int ConnectedCircuitCount => _users.Values.Sum(u => u.ConnectedCircuitCount);

    public bool IsOnline(long userId) => _users.TryGetValue(userId, out var user) && user.IsOnline;

    /// <summary>When the user was last seen, if this instance saw them go offline and still remembers.</summary>
    public DateTimeOffset? LastSeen(long userId) => _users.TryGetValue(userId, out var user) ? user.LastSeenAt : null;

    public int CircuitCountOf(long userId) => _users.TryGetValue(userId, out var user) ? user.CircuitCount : 0;

    public void CircuitOpened(long userId, string circuitId, ICircuitControl control)
    {
        var cap = Math.Max(1, options.CurrentValue.MaxCircuitsPerUser);
        List<ICircuitControl> evicted = [];
        while (true)
        {
            var user = _users.GetOrAdd(userId, static id => new UserPresence(id));
            lock (user)
            {
                if (user.Removed)
                {
                    continue; // lost a race with its removal: take the fresh entry
                }

                user.Circuits[circuitId] = new CircuitEntry(Interlocked.Increment(ref _openCounter), control);
                _circuitChanges?.Writer.TryWrite(new CircuitChange(userId, circuitId, Opened: true));
                while (user.Circuits.Count > cap)
                {
                    var oldest = user.Circuits.MinBy(c => c.Value.Order);
                    user.Circuits.Remove(oldest.Key);
                    _circuitChanges?.Writer.TryWrite(new CircuitChange(userId, oldest.Key, Opened: false));
                    evicted.Add(oldest.Value.Control);
                }

                UpdateStatus(user);
                break;
            }
        }

        // Closing renders a notice in that circuit; never do it while holding the lock.
        foreach (var circuit in evicted)
        {
            try
            {
                circuit.Close(CircuitCloseReasons.OpenedElsewhere);
            }
            catch (Exception ex)
            {
                logger.CloseEvictedFailed(ex, userId);
            }
        }
    }

    public void CircuitDown(long userId, string circuitId) => Update(userId, circuitId, static c => c.Connected = false);

    public void CircuitUp(long userId, string circuitId) => Update(userId, circuitId, static c => c.Connected = true);

    public void CircuitClosed(long userId, string circuitId)
    {
        if (_users.TryGetValue(userId, out var user))
        {
            lock (user)
            {
                if (user.Circuits.Remove(circuitId))
                {
                    _circuitChanges?.Writer.TryWrite(new CircuitChange(userId, circuitId, Opened: false));
                    UpdateStatus(user);
                }
            }
        }
    }

    /// <summary>Closes one circuit (the cap, counted on every instance, chose it), with the reason shown in its tab.</summary>
    public bool CloseCircuit(long userId, string circuitId, string reason)
    {
        ICircuitControl? closing = null;
        if (_users.TryGetValue(userId, out var user))
        {
            lock (user)
            {
                if (user.Circuits.Remove(circuitId, out var circuit))
                {
                    closing = circuit.Control;
                    _circuitChanges?.Writer.TryWrite(new CircuitChange(userId, circuitId, Opened: false));
                    UpdateStatus(user);
                }
            }
        }

        closing?.Close(reason);
        return closing is not null;
    }

    /// <summary>
    /// Starts reporting every circuit opened and closed here, in order, for the presence shared between instances.
    /// Called once, by that one reader; a single instance never calls it and keeps nothing.
    /// </summary>
    internal ChannelReader<CircuitChange> TrackCircuits()
    {
        Interlocked.CompareExchange(ref _circuitChanges, Channel.CreateUnbounded<CircuitChange>(new UnboundedChannelOptions { SingleReader = true }), null);
        return _circuitChanges.Reader;
    }

    /// <summary>Every circuit on this instance, oldest first, to announce again after the shared state was lost.</summary>
    internal IReadOnlyList<CircuitChange> OpenCircuits() =>
        _users.Values
            .SelectMany(u =>
            {
                lock (u)
                {
                    return u.Circuits.Select(c => (u.UserId, c.Key, c.Value.Order)).ToList();
                }
            })
            .OrderBy(c => c.Order)
            .Select(c => new CircuitChange(c.UserId, c.Key, Opened: true))
            .ToList();

    /// <summary>Every circuit on this instance with the sign-in session it was opened with.</summary>
    internal IReadOnlyList<(long UserId, string CircuitId, string? SessionId)> LiveCircuits() =>
        _users.Values
            .SelectMany(u =>
            {
                lock (u)
                {
                    return u.Circuits.Select(c => (u.UserId, c.Key, c.Value.Control.SessionId)).ToList();
                }
            })
            .ToList();

    /// <summary>The users online on this instance (connected, or within their grace period).</summary>
    internal IReadOnlyList<long> OnlineUsers() => _users.Values.Where(u => u.IsOnline).Select(u => u.UserId).ToList();

    /// <summary>
    /// Closes every circuit of a user at once (a ban), or only those of the given sign-in sessions (a device signed
    /// out), with the reason shown in each tab.
    /// </summary>
    public void CloseAllCircuits(long userId, string reason, IReadOnlyCollection<string>? sessionIds = null)
    {
        List<ICircuitControl> closing = [];
        if (_users.TryGetValue(userId, out var user))
        {
            lock (user)
            {
                foreach (var (circuitId, circuit) in user.Circuits.ToList())
                {
                    if (sessionIds is null || (circuit.Control.SessionId is { } session && sessionIds.Contains(session)))
                    {
                        closing.Add(circuit.Control);
                        user.Circuits.Remove(circuitId);
                        _circuitChanges?.Writer.TryWrite(new CircuitChange(userId, circuitId, Opened: false));
                    }
                }

                UpdateStatus(user);
            }
        }

        foreach (var circuit in closing)
        {
            circuit.Close(reason);
        }
    }

    private void Update(long userId, string circuitId, Action<CircuitEntry> change)
    {
        if (_users.TryGetValue(userId, out var user))
        {
            lock (user)
            {
                if (user.Circuits.TryGetValue(circuitId, out var circuit))
                {
                    change(circuit);
                    UpdateStatus(user);
                }
            }
        }
    }

    // Called with the user's lock held.
    private void UpdateStatus(UserPresence user)
    {
        if (user.HasConnectedCircuit)
        {
            user.GraceTimer?.Dispose();
            user.GraceTimer = null;
            if (!user.IsOnline)
            {
                user.IsOnline = true;
                _changes.Writer.TryWrite(new PresenceChanged(user.UserId, true, null));
            }
        }
        else if (user.IsOnline)
        {
            user.GraceTimer ??= time.CreateTimer(GraceExpired, user, options.CurrentValue.OfflineGracePeriod, Timeout.InfiniteTimeSpan);
        }
        else if (user.Circuits.Count == 0)
        {
            Remove(user);
        }
    }

    private void GraceExpired(object? state)
    {
        var user = (UserPresence)state!;
        lock (user)
        {
            user.GraceTimer?.Dispose();
            user.GraceTimer = null;
            if (user.Removed || user.HasConnectedCircuit)
            {
                return;
            }

            if (user.IsOnline)
            {
                user.IsOnline = false;
                user.LastSeenAt = time.GetUtcNow();
                _changes.Writer.TryWrite(new PresenceChanged(user.UserId, false, user.LastSeenAt));
            }

            if (user.Circuits.Count == 0)
            {
                Remove(user);
            }
        }
    }

    private void Remove(UserPresence user)
    {
        user.Removed = true;
        _users.TryRemove(KeyValuePair.Create(user.UserId, user));
    }
}

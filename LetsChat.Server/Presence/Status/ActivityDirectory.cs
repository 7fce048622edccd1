using System.Collections.Concurrent;

namespace LetsChat.Server.Presence.Status;

/// <summary>
/// When each online user last used any of their tabs, and whether that makes them away: shared by every instance
/// (through Redis when configured), so input in a tab on one instance keeps the user active on all of them. Each
/// change is reported once, to the caller that made it, which tells the friends.
/// </summary>
public interface IActivityDirectory
{
    /// <summary>Records input now; true when the user was away by inactivity and is active again.</summary>
    Task<bool> MarkActiveAsync(long userId, DateTimeOffset now);

    /// <summary>
    /// Marks away those of <paramref name="userIds"/> with no input since <paramref name="idleSince"/>, and returns the
    /// ones that changed. A user with no input recorded yet starts their time now.
    /// </summary>
    Task<IReadOnlyList<long>> MarkIdleAsync(IReadOnlyCollection<long> userIds, DateTimeOffset idleSince, DateTimeOffset now);

    Task<IReadOnlySet<long>> IdleAmongAsync(IReadOnlyCollection<long> userIds);

    /// <summary>The user went offline: their next visit starts active.</summary>
    Task ForgetAsync(long userId);
}

/// <summary>One instance alone: the table is in memory.</summary>
internal sealed class LocalActivityDirectory : IActivityDirectory
{
    private readonly ConcurrentDictionary<long, Activity> _users = new();

    public Task<bool> MarkActiveAsync(long userId, DateTimeOffset now)
    {
        var wasIdle = false;
        _users.AddOrUpdate(userId, _ => new Activity(now, false), (_, old) =>
        {
            wasIdle = old.Idle;
            return new Activity(now, false);
        });
        return Task.FromResult(wasIdle);
    }

    public Task<IReadOnlyList<long>> MarkIdleAsync(IReadOnlyCollection<long> userIds, DateTimeOffset idleSince, DateTimeOffset now)
    {
        List<long> changed = [];
        foreach (var id in userIds)
        {
            var current = _users.GetOrAdd(id, _ => new Activity(now, false));
            if (!current.Idle && current.LastInput <= idleSince && _users.TryUpdate(id, current with { Idle = true }, current))
            {
                changed.Add(id);
            }
        }

        return Task.FromResult<IReadOnlyList<long>>(changed);
    }

    public Task<IReadOnlySet<long>> IdleAmongAsync(IReadOnlyCollection<long> userIds) =>
        Task.FromResult<IReadOnlySet<long>>(userIds.Where(id => _users.TryGetValue(id, out var a) && a.Idle).ToHashSet());

    public Task ForgetAsync(long userId)
    {
        _users.TryRemove(userId, out _);
        return Task.CompletedTask;
    }

    private sealed record Activity(DateTimeOffset LastInput, bool Idle);
}

using System.Threading.Channels;
using LetsChat.Components.Presence;

namespace LetsChat.Server.Presence;

/// <summary>
/// The part of presence that instances share: whether a user is online anywhere. An instance reports its own users'
/// status changes; the directory answers which of them change the user's status for everybody.
/// </summary>
public interface IPresenceDirectory
{
    /// <summary>
    /// Shares a status change seen on this instance. Returns the change friends should hear, or null when the user's
    /// status did not change for everybody (they are still online on another instance, or already were).
    /// </summary>
    ValueTask<PresenceChanged?> ShareAsync(PresenceChanged change, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="userIds"/> are online on any instance.</summary>
    ValueTask<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken);

    /// <summary>Changes the directory found by itself, such as the users of an instance that stopped without a goodbye.</summary>
    ChannelReader<PresenceChanged> Changes { get; }

    /// <summary>People online and signed-in tabs connected now, on every instance.</summary>
    ValueTask<PresenceTotals> TotalsAsync(CancellationToken cancellationToken);
}

public readonly record struct PresenceTotals(int OnlineUsers, int LiveTabs);

/// <summary>One instance alone: what it sees is everything there is.</summary>
internal sealed class LocalPresenceDirectory(PresenceService presence) : IPresenceDirectory
{
    private readonly Channel<PresenceChanged> _none = Channel.CreateUnbounded<PresenceChanged>();

    public ChannelReader<PresenceChanged> Changes => _none.Reader;

    public ValueTask<PresenceChanged?> ShareAsync(PresenceChanged change, CancellationToken cancellationToken) => ValueTask.FromResult<PresenceChanged?>(change);

    public ValueTask<IReadOnlySet<long>> OnlineAmongAsync(IReadOnlyCollection<long> userIds, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlySet<long>>(userIds.Where(presence.IsOnline).ToHashSet());

    public ValueTask<PresenceTotals> TotalsAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new PresenceTotals(presence.OnlineUserCount, presence.ConnectedCircuitCount));
}

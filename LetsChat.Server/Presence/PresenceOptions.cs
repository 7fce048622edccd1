namespace LetsChat.Server.Presence;

/// <summary>Presence settings, in the <c>LetsChat</c> section.</summary>
public sealed class PresenceOptions
{
    public const string Section = "LetsChat";

    /// <summary>How many circuits (tabs, devices) one user may hold; opening one more closes the oldest.</summary>
    public int MaxCircuitsPerUser { get; set; } = 5;

    /// <summary>
    /// How many circuits people who have not signed in may hold from one client address (the landing page's live room,
    /// pages that send them to sign in); one more closes the oldest. Counted across instances through Redis.
    /// </summary>
    public int MaxVisitorCircuitsPerAddress { get; set; } = 20;

    /// <summary>How long a user with no connected circuit still counts as online, so a reload or a flaky network does not flicker.</summary>
    public TimeSpan OfflineGracePeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// With several instances: how long an instance that stopped answering still counts its users as online. Each
    /// instance renews its heartbeat three times within it.
    /// </summary>
    public TimeSpan InstanceTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long without input in any tab before a user shows as away.</summary>
    public TimeSpan AwayAfter { get; set; } = Status.StatusRules.IdleAfter;

    /// <summary>How often each instance looks for users gone idle and for statuses whose time is up.</summary>
    public TimeSpan StatusSweepEvery { get; set; } = TimeSpan.FromSeconds(30);
}

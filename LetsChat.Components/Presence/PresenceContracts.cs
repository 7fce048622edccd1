using LetsChat.Components.Shared;

namespace LetsChat.Components.Presence;

/// <summary>A friend as the friend list shows them, with their live status.</summary>
public sealed record FriendPresence(long UserId, string DisplayName, string Handle, string? AvatarUrl, bool IsOnline, DateTimeOffset? LastSeenAt, long PrivateRoomId, PersonStatus? Status = null)
{
    /// <summary>Away, do not disturb or online while online; and the custom status, online or not.</summary>
    public PersonStatus Shown => Status ?? (IsOnline ? new PersonStatus(Availability.Online, null) : PersonStatus.Offline);

    public FriendPresence With(PresenceChanged change) => this with
    {
        IsOnline = change.IsOnline,
        LastSeenAt = change.LastSeenAt ?? LastSeenAt,
        Status = Shown.With(change),
    };

    public FriendPresence With(StatusChanged change) => this with { IsOnline = change.Status.Availability != Availability.Offline, Status = change.Status };
}

/// <summary>Statuses, as the current user may know them: their friends' and nobody else's.</summary>
public interface IPresenceQuery
{
    /// <summary>The current user's friends, online first, then by name.</summary>
    Task<IReadOnlyList<FriendPresence>> GetFriendsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Whether this circuit still serves its user, and why not when it does not.</summary>
public interface ICircuitStatus
{
    /// <summary>Null while the circuit is in use; otherwise what the tab tells its reader.</summary>
    string? ClosedReason { get; }

    /// <summary>Raised once, on any thread, when the server closes this circuit.</summary>
    event Action? Closed;
}

public static class CircuitCloseReasons
{
    public const string OpenedElsewhere = "Let's Chat was opened in another tab — reload to use it here.";
    public const string SignedOut = "You signed out. Reload to sign in again.";
    public const string Banned = "This account has been banned by a moderator.";

    /// <summary>The notice of a banned account's closed tabs, with the moderator's reason when there is one.</summary>
    public static string BannedBecause(string? reason) => string.IsNullOrWhiteSpace(reason) ? Banned : $"{Banned[..^1]}: {reason}";
}

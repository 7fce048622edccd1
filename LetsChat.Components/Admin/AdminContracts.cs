using LetsChat.Components.Shared;

namespace LetsChat.Components.Admin;

/// <summary>The authorization policy of the admin pages: the database, not the cookie, says who is a moderator.</summary>
public static class AdminPolicies
{
    public const string Moderator = "moderator";
}

/// <summary>The numbers at the top of the admin page.</summary>
public sealed record AdminOverview(
    int OnlineUsers,
    int LiveCircuits,
    int MessagesLastHour,
    int MessagesLastDay,
    int SignUpsLastDay,
    int SignUpsLastWeek,
    int TotalUsers,
    IReadOnlyList<LatencyPoint>? DeliveryLatency = null);

/// <summary>Ten seconds of delivery latency on this instance: their start, p50 and p99 in milliseconds, and how many deliveries.</summary>
public sealed record LatencyPoint(DateTimeOffset At, double P50Ms, double P99Ms, long Deliveries);

/// <summary>One user as a moderator sees them.</summary>
public sealed record AdminUser(
    long Id,
    string DisplayName,
    string Handle,
    string? Email,
    string Providers,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSeenAt,
    bool IsOnline,
    bool IsModerator,
    bool IsBanned,
    string? BanReason,
    DateTimeOffset? MutedUntil);

/// <summary>One page of the users table, and how many users match in all.</summary>
public sealed record AdminUserPage(IReadOnlyList<AdminUser> Users, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>One line of the audit log: who did what to whom, when and why.</summary>
public sealed record AuditView(long Id, DateTimeOffset At, string ModeratorName, string Action, string? TargetName, long? TargetMessageId, string? Reason);

/// <summary>
/// Which audit entries to show or export: whole days from <see cref="From"/> to <see cref="To"/>, both included, as
/// the reader's calendar has them, and who acted. A null limits nothing.
/// </summary>
public sealed record AuditFilter(DateOnly? From = null, DateOnly? To = null, long? ModeratorId = null)
{
    public const string FromAfterTo = "The From date is after the To date: choose a From date on or before the To date.";

    public static readonly AuditFilter Anything = new();

    /// <summary>Days that end before they begin select nothing, and say so rather than show an empty log.</summary>
    public bool IsBackwards => From > To;
}

/// <summary>A moderator who appears in the audit log, offered in its filter.</summary>
public sealed record AuditModerator(long Id, string DisplayName, string Handle);

/// <summary>A reset link made on /admin: the outcome, and the link (absolute, or a path on this site) when it was made.</summary>
public sealed record AdminResetLink(Outcome Result, string? Link);

/// <summary>
/// Whether the current circuit's user is a moderator right now, for the drawer's link to the admin page: apart from
/// <see cref="IAdminService"/>, whose dependencies every open tab would otherwise hold.
/// </summary>
public interface IModeratorStatus
{
    Task<bool> IsModeratorAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Moderation, for the current circuit's user. Every call checks in the database that they are a moderator now;
/// nothing here trusts the page that calls it. Moderators never read private rooms through it.
/// </summary>
public interface IAdminService
{
    /// <summary>Whether the current user is a moderator right now.</summary>
    Task<bool> IsModeratorAsync(CancellationToken cancellationToken = default);

    /// <summary>The live numbers; null when the caller is not a moderator.</summary>
    Task<AdminOverview?> GetOverviewAsync(CancellationToken cancellationToken = default);

    /// <summary>Users whose name, handle or e-mail contains <paramref name="query"/>, newest first; null when the caller is not a moderator.</summary>
    Task<AdminUserPage?> SearchUsersAsync(string? query, int page, CancellationToken cancellationToken = default);

    /// <summary>The newest moderation actions first; empty when the caller is not a moderator.</summary>
    Task<IReadOnlyList<AuditView>> GetAuditLogAsync(int count, CancellationToken cancellationToken = default) =>
        GetAuditLogAsync(AuditFilter.Anything, TimeZoneInfo.Utc, count, cancellationToken);

    /// <summary>
    /// The newest moderation actions first among those <paramref name="filter"/> selects, its days read in
    /// <paramref name="zone"/>; empty when the caller is not a moderator.
    /// </summary>
    Task<IReadOnlyList<AuditView>> GetAuditLogAsync(AuditFilter filter, TimeZoneInfo zone, int count, CancellationToken cancellationToken = default);

    /// <summary>Everyone who ever acted in the audit log, by name; empty when the caller is not a moderator.</summary>
    Task<IReadOnlyList<AuditModerator>> GetAuditModeratorsAsync(CancellationToken cancellationToken = default);

    /// <summary>Bans a user: closes all their tabs at once, refuses their sign-in, cancels their pending friend requests.</summary>
    Task<Outcome> BanAsync(long userId, string? reason);

    Task<Outcome> UnbanAsync(long userId);

    /// <summary>Grants or revokes the moderator role; the last moderator cannot be demoted.</summary>
    Task<Outcome> SetModeratorAsync(long userId, bool isModerator);

    /// <summary>Stops a user writing in the public room for <paramref name="duration"/>.</summary>
    Task<Outcome> MuteAsync(long userId, TimeSpan duration, string? reason);

    Task<Outcome> UnmuteAsync(long userId);

    /// <summary>
    /// Makes a one-time password reset link for a user (voiding their earlier ones), to hand over by other means; it
    /// also lets someone who signs in only with Google or GitHub set a password. The link is returned once, never stored.
    /// </summary>
    Task<AdminResetLink> CreateResetLinkAsync(long userId);

    /// <summary>Removes a message of the public room; every open screen shows it as removed by a moderator.</summary>
    Task<Outcome> RemoveMessageAsync(long messageId, string? reason);

    /// <summary>Calls <paramref name="onChanges"/> (off this thread) after any moderator changes something; null for a non-moderator.</summary>
    Task<IDisposable?> WatchAsync(Func<IReadOnlyList<UserEvent>, Task> onChanges);
}

using System.Data;
using System.Data.Common;
using LetsChat.Components.Admin;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications;
using LetsChat.Server.Presence;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Admin;

/// <summary>
/// Moderation for the user of one circuit. Every call checks in the database that the caller is a moderator right
/// now, since the role can be taken away while their tab stays open. Every change is written to the audit log in
/// the same save. Private rooms are never read here: only the public room's messages can be removed.
/// </summary>
internal sealed partial class AdminService(
    IDbContextFactory<LetsChatDb> dbFactory,
    PresenceService presence,
    IPresenceDirectory presenceDirectory,
    MessageStore messages,
    AccountLinks accountLinks,
    Bans bans,
    Moderation.MessageRemoval removal,
    IEventBus bus,
    DeliveryLanes lanes,
    TimeProvider time,
    Metrics.LetsChatMetrics metrics,
    Moderation.ModeratorStatus moderatorStatus,
    ILogger<AdminService> logger) : IAdminService, IDisposable
{
    public const int PageSize = 20;
    public const string NotAModerator = "Only moderators can do this.";
    public const string NoSuchUser = "There is no such user.";
    public const string LastModerator = "You cannot remove the last moderator.";
    public const string SelfBan = "You cannot ban yourself.";
    public static readonly TimeSpan LongestMute = TimeSpan.FromDays(365);

    /// <summary>How many watches one circuit may hold at once (the admin page and its live sections); more than any screen shows.</summary>
    public const int MaxWatches = 4;

    private readonly SubscriptionBag _watches = new(MaxWatches);

    public Task<bool> IsModeratorAsync(CancellationToken cancellationToken = default) => moderatorStatus.IsModeratorAsync(cancellationToken);

    public async Task<AdminOverview?> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        if (await ModeratorAsync(cancellationToken) is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var hourAgo = now.AddHours(-1);
        var dayAgo = now.AddDays(-1);
        var weekAgo = now.AddDays(-7);
        // Counting messages reads no text, so private rooms count too.
        var lastHour = await db.Messages.CountAsync(m => m.CreatedAt >= hourAgo, cancellationToken);
        var lastDay = await db.Messages.CountAsync(m => m.CreatedAt >= dayAgo, cancellationToken);
        var signUpsDay = await db.Users.CountAsync(u => u.CreatedAt >= dayAgo, cancellationToken);
        var signUpsWeek = await db.Users.CountAsync(u => u.CreatedAt >= weekAgo, cancellationToken);
        var total = await db.Users.CountAsync(cancellationToken);
        var live = await presenceDirectory.TotalsAsync(cancellationToken);
        return new AdminOverview(live.OnlineUsers, live.LiveTabs, lastHour, lastDay, signUpsDay, signUpsWeek, total, metrics.Latency.Points());
    }

    public async Task<AdminUserPage?> SearchUsersAsync(string? query, int page, CancellationToken cancellationToken = default)
    {
        if (await ModeratorAsync(cancellationToken) is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (query?.Trim() is { Length: > 0 } text)
        {
            var upper = text.TrimStart('@').ToUpperInvariant();
            users = users.Where(u => u.SearchName.Contains(upper) || u.NormalizedHandle.Contains(upper)
                || (u.Email != null && u.Email.ToUpper().Contains(upper)));
        }

        var total = await users.CountAsync(cancellationToken);
        page = Math.Clamp(page, 0, Math.Max(0, (total - 1) / PageSize));
        var rows = await users
            .OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id)
            .Skip(page * PageSize).Take(PageSize)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.Handle,
                u.Email,
                Providers = u.Logins.Select(l => l.Provider).ToList(),
                u.CreatedAt,
                u.LastSeenAt,
                u.IsModerator,
                u.IsBanned,
                u.BanReason,
                u.MutedUntil,
            })
            .ToListAsync(cancellationToken);
        var online = await presenceDirectory.OnlineAmongAsync(rows.Select(r => r.Id).ToList(), cancellationToken);
        var now = time.GetUtcNow();
        return new AdminUserPage(
            rows.Select(r => new AdminUser(
                r.Id, r.DisplayName, r.Handle, r.Email, string.Join(", ", r.Providers.Distinct().Order()),
                r.CreatedAt, presence.LastSeen(r.Id) ?? r.LastSeenAt, online.Contains(r.Id),
                r.IsModerator, r.IsBanned, r.BanReason, r.MutedUntil > now ? r.MutedUntil : null)).ToList(),
            total,
            page,
            PageSize);
    }

    public async Task<IReadOnlyList<AuditView>> GetAuditLogAsync(AuditFilter filter, TimeZoneInfo zone, int count, CancellationToken cancellationToken = default)
    {
        if (filter.IsBackwards || await ModeratorAsync(cancellationToken) is null)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().Matching(filter, zone)
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Take(Math.Clamp(count, 1, 200))
            .Select(a => new AuditView(
                a.Id,
                a.CreatedAt,
                db.Users.Where(u => u.Id == a.ModeratorId).Select(u => u.DisplayName).FirstOrDefault() ?? "?",
                a.Action,
                db.Users.Where(u => u.Id == a.TargetUserId).Select(u => u.DisplayName).FirstOrDefault(),
                a.TargetMessageId,
                a.Reason))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditModerator>> GetAuditModeratorsAsync(CancellationToken cancellationToken = default)
    {
        if (await ModeratorAsync(cancellationToken) is null)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking()
            .Where(u => db.AuditEntries.Any(a => a.ModeratorId == u.Id))
            .OrderBy(u => u.SearchName).ThenBy(u => u.Id)
            .Select(u => new AuditModerator(u.Id, u.DisplayName, u.Handle))
            .ToListAsync(cancellationToken);
    }

    public async Task<IDisposable?> WatchAsync(Func<IReadOnlyList<UserEvent>, Task> onChanges)
    {
        if (await ModeratorAsync(CancellationToken.None) is null)
        {
            return null;
        }

        return _watches.Track(new OrderedSubscription<UserEvent>(bus, lanes, AdminTopics.Moderation, onChanges, accept: e => e is ModerationChanged or UserBanned));
    }

    public void Dispose() => _watches.Dispose();

    /// <summary>Runs a change for a moderator (checked in the database now), then tells every admin page.</summary>
    private async Task<Outcome> ActAsync(Func<Components.Identity.SignedInUser, LetsChatDb, Task<Outcome>> action) =>
        await ModeratorAsync(CancellationToken.None) is { } me
            ? await ModerationChange.RunAsync(dbFactory, bus, logger, me.Id, db => action(me, db))
            : Outcome.Refused(NotAModerator);

    private Task<Components.Identity.SignedInUser?> ModeratorAsync(CancellationToken cancellationToken) => moderatorStatus.ModeratorAsync(cancellationToken);

    private void Audit(LetsChatDb db, long moderatorId, string action, long? userId, long? messageId, string? reason) =>
        AuditTrail.Write(db, time.GetUtcNow(), moderatorId, action, userId, messageId, reason: reason);

    private static string? Clean(string? reason) => PlainText.Line(reason, 500);

    internal static string Describe(TimeSpan duration) => duration switch
    {
        { TotalDays: >= 1 } when duration.TotalDays % 1 == 0 => duration.TotalDays == 1 ? "1 day" : $"{duration.TotalDays:0} days",
        { TotalHours: >= 1 } when duration.TotalHours % 1 == 0 => duration.TotalHours == 1 ? "1 hour" : $"{duration.TotalHours:0} hours",
        _ => duration.TotalMinutes <= 1 ? "1 minute" : $"{Math.Round(duration.TotalMinutes):0} minutes",
    };
}

/// <summary>What the audit log calls each action.</summary>
public static class AuditActions
{
    public const string Ban = "Ban";
    public const string Unban = "Unban";
    public const string MakeModerator = "Make moderator";
    public const string RemoveModerator = "Remove moderator";
    public const string Mute = "Mute";
    public const string Unmute = "Unmute";
    public const string RemoveMessage = "Remove message";
    public const string ResetLink = "Reset link";
    public const string MuteInRoom = "Mute in room";
    public const string DismissReports = "Dismiss reports";
    public const string SlowMode = "Slow mode";
    public const string ModeratorsAllowed = "Let moderators in";
    public const string ModeratorsNotAllowed = "Keep moderators out";
    public const string BlockWord = "Block word";
    public const string UnblockWord = "Unblock word";
    public const string ApproveHeld = "Approve held message";
    public const string RejectHeld = "Reject held message";
}

/// <summary>The topic moderation events travel on, heard by every instance.</summary>
public static class AdminTopics
{
    public const string Moderation = "moderation";
}

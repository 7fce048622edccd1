using LetsChat.Components.Chat;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>Reading the queue: what is open, and as much of each item as the viewer may see.</summary>
internal sealed partial class ModerationService
{
    /// <summary>Items a queue shows at most; more wait behind them.</summary>
    public const int MaxItems = 50;

    /// <summary>Messages shown on each side of a reported one.</summary>
    public const int ContextEachSide = 3;

    public async Task<ModerationItems?> GetAsync(QueueScope scope, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await MaySeeAsync(db, me.Id, scope, cancellationToken))
        {
            return null;
        }

        var isModerator = await ModerationPowers.IsModeratorAsync(db, me.Id, cancellationToken);
        var reports = await OpenReports(db, scope).ToListAsync(cancellationToken);
        var roomIds = reports.Where(r => r.RoomId is not null).Select(r => r.RoomId!.Value).Append(scope.RoomId ?? 0).Distinct().ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => new ModerationPowers(r.Id, r.Kind, r.Name, r.OwnerId, r.ModeratorsAllowed, isModerator, r.Kind == RoomKind.Group && r.OwnerId == me.Id), cancellationToken);
        var moderatorIds = (await ModerationPowers.ModeratorIdsAsync(db, cancellationToken)).ToHashSet();

        var reported = new List<ReportedMessage>();
        foreach (var group in reports.Where(r => r.MessageId is not null).GroupBy(r => r.MessageId!.Value).Take(MaxItems))
        {
            if (rooms.GetValueOrDefault(group.First().RoomId ?? 0) is { } powers)
            {
                reported.Add(await ReportedMessageAsync(group.Key, [.. group], powers, isModerator, moderatorIds, cancellationToken));
            }
        }

        var people = reports.Where(r => r.MessageId is null).GroupBy(r => r.TargetUserId).Take(MaxItems)
            .Select(g => new ReportedPerson(g.Key, g.First().TargetName, g.First().TargetHandle, Lines(g), new QueueActions(false, false, isModerator && !moderatorIds.Contains(g.Key))))
            .ToList();
        return new ModerationItems(reported, people, await HeldAsync(db, scope, isModerator, me.Id, cancellationToken));
    }

    public async Task<int?> OpenCountAsync(CancellationToken cancellationToken = default)
    {
        if (!await MaySeeAsync(QueueScope.Site, cancellationToken))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = db.Reports.Where(r => r.State == ReportState.Open);
        var messagesReported = await open.Where(r => r.MessageId != null).Select(r => r.MessageId).Distinct().CountAsync(cancellationToken);
        var peopleReported = await open.Where(r => r.MessageId == null).Select(r => r.TargetUserId).Distinct().CountAsync(cancellationToken);
        var waiting = await HeldVisible(db, QueueScope.Site, isModerator: true, 0).CountAsync(cancellationToken);
        return messagesReported + peopleReported + waiting;
    }

    private async Task<ReportedMessage> ReportedMessageAsync(
        long messageId, List<OpenReport> reports, ModerationPowers powers, bool isModerator, HashSet<long> moderatorIds, CancellationToken cancellationToken)
    {
        var first = reports[0];
        // Owners read their own room; moderators the rooms open to them; a private chat only through what a reporter attached.
        var mayRead = powers.IsOwner || (isModerator && ModerationPowers.OpenToModerators(powers.Kind, powers.ModeratorsAllowed));
        var message = await messages.FindAsync(messageId, cancellationToken);
        var context = mayRead && message is not null
            ? (await messages.BetweenAsync(powers.RoomId, message.Sequence - ContextEachSide - 1, message.Sequence + ContextEachSide + 1, cancellationToken))
                .Select(m => new ContextLine(m.Id, m.AuthorName, m.CreatedAt, m.IsDeleted ? string.Empty : MentionText.ForEditing(m), m.Id == messageId, m.IsDeleted))
                .ToList()
            : [];
        var snapshot = reports.Where(r => r.MessageText is not null && (mayRead || r.Attached)).Select(r => r.MessageText).FirstOrDefault();
        // Where the viewer reads the room, the snapshot matters only once the message is gone or changed.
        var attached = mayRead && message is { IsDeleted: false } && snapshot == MentionText.ForEditing(message) ? null : snapshot;
        var roomName = powers.Kind switch
        {
            RoomKind.Public => "Public room",
            RoomKind.Private => "Private chat",
            _ => powers.RoomName,
        };
        var actions = new QueueActions(
            CanRemove: message is { IsDeleted: false } && (powers.CanModerate || (isModerator && snapshot is not null)),
            CanMute: powers.CanModerate && powers.Kind != RoomKind.Private && first.TargetUserId != powers.OwnerId,
            CanBan: isModerator && !moderatorIds.Contains(first.TargetUserId));
        return new ReportedMessage(
            messageId, powers.RoomId, powers.Kind, roomName, mayRead ? message?.Sequence : null, first.TargetUserId, first.TargetName, first.TargetHandle,
            context, attached, message?.IsDeleted ?? true, Lines(reports), actions);
    }

    private static async Task<IReadOnlyList<HeldMessageView>> HeldAsync(LetsChatDb db, QueueScope scope, bool isModerator, long viewerId, CancellationToken cancellationToken) =>
        await HeldVisible(db, scope, isModerator, viewerId)
            .OrderByDescending(h => h.CreatedAt).ThenByDescending(h => h.Id)
            .Take(MaxItems)
            .Select(h => new HeldMessageView(
                h.Id,
                h.RoomId,
                db.Rooms.Where(r => r.Id == h.RoomId).Select(r => r.Kind == RoomKind.Public ? "Public room" : r.Name).First(),
                h.AuthorId,
                db.Users.Where(u => u.Id == h.AuthorId).Select(u => u.DisplayName).First(),
                h.Body,
                h.MatchedWord,
                h.CreatedAt))
            .ToListAsync(cancellationToken);

    // The site's queue holds what waits in rooms open to moderators; a room's queue what waits there (the caller may see it).
    private static IQueryable<HeldMessage> HeldVisible(LetsChatDb db, QueueScope scope, bool isModerator, long viewerId) =>
        scope.RoomId is { } roomId
            ? db.HeldMessages.Where(h => h.RoomId == roomId)
            : db.HeldMessages.Where(h => db.Rooms.Any(r => r.Id == h.RoomId
                && ((isModerator && (r.Kind == RoomKind.Public || (r.Kind == RoomKind.Group && r.ModeratorsAllowed))) || r.OwnerId == viewerId)));

    private static IQueryable<OpenReport> OpenReports(LetsChatDb db, QueueScope scope)
    {
        var open = db.Reports.AsNoTracking().Where(r => r.State == ReportState.Open);
        if (scope.RoomId is { } roomId)
        {
            open = open.Where(r => r.RoomId == roomId);
        }

        return open
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Take(MaxItems * 10)
            .Select(r => new OpenReport(
                r.Id, r.MessageId, r.RoomId, r.TargetUserId,
                db.Users.Where(u => u.Id == r.TargetUserId).Select(u => u.DisplayName).First(),
                db.Users.Where(u => u.Id == r.TargetUserId).Select(u => u.Handle).First(),
                db.Users.Where(u => u.Id == r.ReporterId).Select(u => u.DisplayName).First(),
                db.Users.Where(u => u.Id == r.ReporterId).Select(u => u.Handle).First(),
                r.Reason, r.Details, r.MessageText, r.Attached, r.CreatedAt));
    }

    private static List<ReportLine> Lines(IEnumerable<OpenReport> reports) =>
        [.. reports.Select(r => new ReportLine(r.Id, r.ReporterName, r.ReporterHandle, r.Reason, r.Details, r.At))];

    private sealed record OpenReport(
        long Id, long? MessageId, long? RoomId, long TargetUserId, string TargetName, string TargetHandle, string ReporterName, string ReporterHandle,
        ReportReason Reason, string? Details, string? MessageText, bool Attached, DateTimeOffset At);
}

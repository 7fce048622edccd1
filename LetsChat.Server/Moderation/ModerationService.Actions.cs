using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>What reviewers do with the queue; each action checks the caller's powers where it acts, and is audited.</summary>
internal sealed partial class ModerationService
{
    public Task<Outcome> RemoveMessageAsync(long messageId, string? reason) => ActAsync(async (me, db) =>
    {
        var message = await messages.FindAsync(messageId, CancellationToken.None);
        if (message is null || await ModerationPowers.ReadAsync(db, me.Id, message.RoomId, CancellationToken.None) is not { } powers)
        {
            return Outcome.Refused(ChatService.NoSuchMessage);
        }

        // Elsewhere a moderator may remove only a message a reporter shared with them.
        var shared = powers.IsModerator && await db.Reports.AnyAsync(r => r.MessageId == messageId && r.Attached);
        if (!powers.CanModerate && !shared)
        {
            return Outcome.Refused(powers.Kind == RoomKind.Private || !powers.IsModerator ? ChatService.NoSuchMessage : NotAllowed);
        }

        return await removal.RemoveAsync(db, me.Id, message, reason);
    });

    public Task<Outcome> MuteAuthorAsync(long messageId, TimeSpan duration, string? reason) => ActAsync(async (me, db) =>
    {
        if (await messages.FindAsync(messageId, CancellationToken.None) is not { } message)
        {
            return Outcome.Refused(ChatService.NoSuchMessage);
        }

        var outcome = await MuteAsync(db, me.Id, message.RoomId, message.AuthorId, duration, reason, messageId);
        if (outcome.Succeeded && await removal.CloseReportsAsync(db, me.Id, messageId, ReportState.Actioned) > 0)
        {
            await news.DoneAsync(ReviewNews.MessageKey(messageId), message.RoomId);
        }

        return outcome;
    });

    public Task<Outcome> MuteMemberAsync(long roomId, long userId, TimeSpan duration, string? reason) =>
        ActAsync((me, db) => MuteAsync(db, me.Id, roomId, userId, duration, reason, messageId: null));

    public Task<Outcome> BanAsync(long userId, TimeSpan? duration, string? reason) => ModeratorActAsync(async (me, db) =>
    {
        var outcome = await bans.BanAsync(db, me.Id, userId, duration, reason);
        if (outcome.Succeeded)
        {
            // Everything open about them is dealt with by the ban.
            var open = await db.Reports.Where(r => r.TargetUserId == userId && r.State == ReportState.Open).Select(r => new { r.MessageId, r.RoomId }).ToListAsync();
            await db.Reports.Where(r => r.TargetUserId == userId).CloseAsync(ReportState.Actioned, me.Id, time.GetUtcNow());
            foreach (var item in open.DistinctBy(r => r.MessageId))
            {
                await news.DoneAsync(item.MessageId is { } id ? ReviewNews.MessageKey(id) : ReviewNews.PersonKey(userId), item.RoomId);
            }
        }

        return outcome;
    });

    public Task<Outcome> DismissMessageAsync(long messageId, string? reason) => ActAsync(async (me, db) =>
    {
        var roomId = await db.Reports.Where(r => r.MessageId == messageId && r.State == ReportState.Open).Select(r => r.RoomId).FirstOrDefaultAsync();
        if (roomId is null)
        {
            return Outcome.Refused("There is nothing open about this message.");
        }

        // Moderators dismiss anything in the site's queue; an owner what is about their own room.
        var powers = await ModerationPowers.ReadAsync(db, me.Id, roomId.Value, CancellationToken.None);
        if (powers is null || !(powers.IsModerator || powers.IsOwner))
        {
            return Outcome.Refused(NotAllowed);
        }

        var authorId = await db.Reports.Where(r => r.MessageId == messageId).Select(r => r.TargetUserId).FirstAsync();
        AuditTrail.Write(db, time.GetUtcNow(), me.Id, AuditActions.DismissReports, authorId, messageId, roomId, PlainText.Line(reason, 500));
        await db.SaveChangesAsync();
        await removal.CloseReportsAsync(db, me.Id, messageId, ReportState.Dismissed);
        await news.DoneAsync(ReviewNews.MessageKey(messageId), roomId);
        return Outcome.Done("The reports were dismissed.");
    });

    public Task<Outcome> DismissPersonAsync(long userId, string? reason) => ModeratorActAsync(async (me, db) =>
    {
        var open = db.Reports.Where(r => r.TargetUserId == userId && r.MessageId == null && r.State == ReportState.Open);
        if (!await open.AnyAsync())
        {
            return Outcome.Refused("There is nothing open about this person.");
        }

        AuditTrail.Write(db, time.GetUtcNow(), me.Id, AuditActions.DismissReports, userId, reason: PlainText.Line(reason, 500));
        await db.SaveChangesAsync();
        await open.CloseAsync(ReportState.Dismissed, me.Id, time.GetUtcNow());
        await news.DoneAsync(ReviewNews.PersonKey(userId), null);
        return Outcome.Done("The reports were dismissed.");
    });

    public Task<Outcome> ApproveHeldAsync(long heldId) => ReviewHeldAsync(heldId, approve: true, reason: null);

    public Task<Outcome> RejectHeldAsync(long heldId, string? reason) => ReviewHeldAsync(heldId, approve: false, reason);

    private Task<Outcome> ReviewHeldAsync(long heldId, bool approve, string? reason) => ActAsync(async (me, db) =>
    {
        if (await db.HeldMessages.SingleOrDefaultAsync(h => h.Id == heldId) is not { } waiting)
        {
            return Outcome.Refused("This message was already reviewed.");
        }

        if (await ModerationPowers.ReadAsync(db, me.Id, waiting.RoomId, CancellationToken.None) is not { CanModerate: true })
        {
            return Outcome.Refused(NotAllowed);
        }

        // Claimed by deleting it: of two reviewers at once, one posts it and the other is told it was reviewed.
        if (await db.HeldMessages.Where(h => h.Id == heldId).ExecuteDeleteAsync() == 0)
        {
            return Outcome.Refused("This message was already reviewed.");
        }

        AuditTrail.Write(db, time.GetUtcNow(), me.Id, approve ? AuditActions.ApproveHeld : AuditActions.RejectHeld, waiting.AuthorId, roomId: waiting.RoomId,
            reason: PlainText.Line(approve ? waiting.MatchedWord : $"{waiting.MatchedWord}{(reason is null ? null : ": " + reason)}", 500));
        await db.SaveChangesAsync();
        var outcome = approve ? await held.PostAsync(waiting) : Outcome.Done("The message was rejected; nobody will see it.");
        await news.DoneAsync(ReviewNews.HeldKey(heldId), waiting.RoomId);
        return outcome;
    });

    private async Task<Outcome> MuteAsync(LetsChatDb db, long actorId, long roomId, long userId, TimeSpan duration, string? reason, long? messageId)
    {
        if (duration < TimeSpan.FromMinutes(1) || duration > AdminService.LongestMute)
        {
            return Outcome.Refused("Choose a mute between one minute and a year.");
        }

        if (await ModerationPowers.ReadAsync(db, actorId, roomId, CancellationToken.None) is not { CanModerate: true, Kind: not RoomKind.Private } powers)
        {
            return Outcome.Refused(NotAllowed);
        }

        if (userId == actorId || userId == powers.OwnerId)
        {
            return Outcome.Refused(userId == actorId ? "You cannot mute yourself." : "A room's owner cannot be muted in their own room.");
        }

        if (await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync() is not { } name)
        {
            return Outcome.Refused(AdminService.NoSuchUser);
        }

        var until = time.GetUtcNow() + duration;
        if (powers.Kind == RoomKind.Public)
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.MutedUntil, until));
        }
        else if (await db.RoomMembers.Where(m => m.RoomId == roomId && m.UserId == userId).ExecuteUpdateAsync(m => m.SetProperty(x => x.MutedUntil, until)) == 0)
        {
            return Outcome.Refused($"{name} is not a member of {powers.RoomName}.");
        }

        var length = AdminService.Describe(duration);
        reason = PlainText.Line(reason, 400);
        AuditTrail.Write(db, time.GetUtcNow(), actorId, powers.Kind == RoomKind.Public ? AuditActions.Mute : AuditActions.MuteInRoom, userId, messageId, roomId,
            $"{length}{(reason is null ? null : ": " + reason)}");
        await db.SaveChangesAsync();
        return Outcome.Done(powers.Kind == RoomKind.Public
            ? $"{name} is muted in the public room for {length}."
            : $"{name} is muted in {powers.RoomName} for {length}.");
    }
}

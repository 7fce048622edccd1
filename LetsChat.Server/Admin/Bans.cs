using LetsChat.Components.Admin;
using LetsChat.Components.Friends;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Admin;

/// <summary>
/// Banning, for the users table and the report queue alike: closes every tab at once on every instance, ends every
/// session, refuses sign-in, cancels pending friend requests. A ban for a while ends by itself (<see cref="BanExpiry"/>).
/// </summary>
public sealed class Bans(UserSessions sessions, NotificationService notifications, IEventBus bus, TimeProvider time, ILogger<Bans> logger)
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <summary>Bans <paramref name="userId"/>, written to the audit log in the same save. The caller checked the moderator.</summary>
    public async Task<Outcome> BanAsync(LetsChatDb db, long moderatorId, long userId, TimeSpan? duration, string? reason)
    {
        if (userId == moderatorId)
        {
            return Outcome.Refused(AdminService.SelfBan);
        }

        if (duration is { } asked && (asked < TimeSpan.FromMinutes(1) || asked > Longest))
        {
            return Outcome.Refused("Choose a ban between one minute and ten years, or until lifted.");
        }

        if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null) is not { } user)
        {
            return Outcome.Refused(AdminService.NoSuchUser);
        }

        if (user.IsBanned)
        {
            return Outcome.Refused($"{user.DisplayName} is already banned.");
        }

        if (user.IsModerator)
        {
            return Outcome.Refused($"{user.DisplayName} is a moderator: remove their moderator role first.");
        }

        var now = time.GetUtcNow();
        reason = PlainText.Line(reason, 500);
        user.IsBanned = true;
        user.BanReason = reason;
        user.BannedAt = now;
        user.BannedUntil = now + duration;
        var pending = await db.FriendRequests
            .Where(r => r.State == FriendRequestState.Pending && (r.SenderId == userId || r.ReceiverId == userId))
            .ToListAsync();
        foreach (var request in pending)
        {
            request.State = FriendRequestState.Cancelled;
            request.RespondedAt = now;
        }

        string? length = duration is { } forAWhile ? AdminService.Describe(forAWhile) : null;
        AuditTrail.Write(db, now, moderatorId, AuditActions.Ban, userId, reason: PlainText.Line(length is null ? reason : $"{length}{(reason is null ? null : ": " + reason)}", 500));
        await db.SaveChangesAsync();

        // Every session ends (a copied cookie included), and every tab closes here at once and on every other instance.
        await sessions.EndAllAsync(userId, CircuitCloseReasons.BannedBecause(reason));
        await bus.PublishAsync<UserEvent>(AdminTopics.Moderation, new UserBanned(userId, reason));
        foreach (var request in pending)
        {
            await notifications.WithdrawAsync(request.ReceiverId, FriendService.RequestKey(request.Id));
            var other = request.SenderId == userId ? request.ReceiverId : request.SenderId;
            await bus.PublishAsync<UserEvent>(EventTopics.User(other), new FriendsChanged());
        }

        logger.Banned(moderatorId, userId);
        return Outcome.Done(length is null ? $"{user.DisplayName} is banned." : $"{user.DisplayName} is banned for {length}.");
    }
}

/// <summary>Writes audit rows: one per moderation action, saved with the change it records.</summary>
public static class AuditTrail
{
    public static void Write(LetsChatDb db, DateTimeOffset at, long actorId, string action, long? userId = null, long? messageId = null, long? roomId = null, string? reason = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            ModeratorId = actorId,
            Action = action,
            TargetUserId = userId,
            TargetMessageId = messageId,
            RoomId = roomId,
            Reason = reason,
            CreatedAt = at,
        });
}

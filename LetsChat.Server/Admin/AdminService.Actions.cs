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

/// <summary>What moderators do to people and messages; each action checks the moderator again and is written to the audit log.</summary>
internal sealed partial class AdminService
{
    public Task<Outcome> BanAsync(long userId, string? reason) => ActAsync((me, db) => bans.BanAsync(db, me.Id, userId, duration: null, reason));

    public Task<Outcome> UnbanAsync(long userId) => ActAsync(async (me, db) =>
    {
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId) is not { } user)
        {
            return Outcome.Refused(NoSuchUser);
        }

        if (!user.IsBanned)
        {
            return Outcome.Refused($"{user.DisplayName} is not banned.");
        }

        user.IsBanned = false;
        user.BanReason = null;
        user.BannedAt = null;
        user.BannedUntil = null;
        Audit(db, me.Id, AuditActions.Unban, userId, null, null);
        await db.SaveChangesAsync();
        return Outcome.Done($"{user.DisplayName} is no longer banned and can sign in again.");
    });

    public Task<Outcome> SetModeratorAsync(long userId, bool isModerator) => ActAsync(async (me, db) =>
    {
        // Serializable, so that two moderators demoting each other at the same moment cannot leave nobody.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable);
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId) is not { } user)
        {
            return Outcome.Refused(NoSuchUser);
        }

        if (user.IsModerator == isModerator)
        {
            return Outcome.Refused(isModerator ? $"{user.DisplayName} is already a moderator." : $"{user.DisplayName} is not a moderator.");
        }

        if (isModerator && user.IsBanned)
        {
            return Outcome.Refused($"{user.DisplayName} is banned: unban them first.");
        }

        if (!isModerator && !await db.Users.AnyAsync(u => u.IsModerator && !u.IsBanned && u.Id != userId))
        {
            return Outcome.Refused(LastModerator);
        }

        user.IsModerator = isModerator;
        Audit(db, me.Id, isModerator ? AuditActions.MakeModerator : AuditActions.RemoveModerator, userId, null, null);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return Outcome.Done(isModerator ? $"{user.DisplayName} is now a moderator." : $"{user.DisplayName} is no longer a moderator.");
    });

    public Task<Outcome> MuteAsync(long userId, TimeSpan duration, string? reason) => ActAsync(async (me, db) =>
    {
        if (duration <= TimeSpan.Zero || duration > LongestMute)
        {
            return Outcome.Refused("Choose a mute between one minute and a year.");
        }

        if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId) is not { } user)
        {
            return Outcome.Refused(NoSuchUser);
        }

        var until = time.GetUtcNow() + duration;
        user.MutedUntil = until;
        reason = Clean(reason);
        Audit(db, me.Id, AuditActions.Mute, userId, null, Clean($"{Describe(duration)}{(reason is null ? null : ": " + reason)}"));
        await db.SaveChangesAsync();
        return Outcome.Done($"{user.DisplayName} is muted in the public room for {Describe(duration)}.");
    });

    public Task<Outcome> UnmuteAsync(long userId) => ActAsync(async (me, db) =>
    {
        if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId) is not { } user)
        {
            return Outcome.Refused(NoSuchUser);
        }

        if (!(user.MutedUntil > time.GetUtcNow()))
        {
            return Outcome.Refused($"{user.DisplayName} is not muted.");
        }

        user.MutedUntil = null;
        Audit(db, me.Id, AuditActions.Unmute, userId, null, null);
        await db.SaveChangesAsync();
        return Outcome.Done($"{user.DisplayName} can write in the public room again.");
    });

    public async Task<AdminResetLink> CreateResetLinkAsync(long userId)
    {
        string? link = null;
        var result = await ActAsync(async (me, db) =>
        {
            if (await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null) is not { } user)
            {
                return Outcome.Refused(NoSuchUser);
            }

            if (user.IsBanned)
            {
                return Outcome.Refused($"{user.DisplayName} is banned: unban them first.");
            }

            link = accountLinks.Absolute(await accountLinks.CreateResetLinkAsync(userId, me.Id), http: null);
            Audit(db, me.Id, AuditActions.ResetLink, userId, null, null);
            await db.SaveChangesAsync();
            return Outcome.Done($"A reset link for {user.DisplayName} is ready.");
        });
        return new AdminResetLink(result, result.Succeeded ? link : null);
    }

    public Task<Outcome> RemoveMessageAsync(long messageId, string? reason) => ActAsync(async (me, db) =>
    {
        // A message outside the public room does not exist, as far as moderators are told: they never read private rooms.
        var message = await messages.FindAsync(messageId, CancellationToken.None);
        if (message is null || !await db.Rooms.AnyAsync(r => r.Id == message.RoomId && r.Kind == RoomKind.Public))
        {
            return Outcome.Refused(ChatService.NoSuchMessage);
        }

        return await removal.RemoveAsync(db, me.Id, message, reason);
    });
}

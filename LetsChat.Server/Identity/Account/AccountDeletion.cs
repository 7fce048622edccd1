using LetsChat.Components.Identity;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Profiles;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Friends;
using LetsChat.Server.Notifications;
using LetsChat.Server.Profiles;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Identity;

/// <summary>
/// Deleting an account: every way in and every tie to other people goes; the user row stays as a nameless tombstone
/// so that kept messages (and the friend's read-only private room) still have an author to show.
/// </summary>
public sealed partial class AccountDeletion(
    IDbContextFactory<LetsChatDb> dbFactory,
    UserSessions sessions,
    MessageStore messages,
    NotificationService notifications,
    IEventBus bus,
    LocalAccounts localAccounts,
    TimeProvider time,
    ILogger<AccountDeletion> logger,
    Files.IFileStore? files = null)
{
    public const string DeletedName = "Deleted user";
    public const string EndedReason = IdentityRefusals.AccountDeleted;

    /// <summary>
    /// Why the confirmation does not prove the user wants this, or null when it does. A password is needed when the
    /// account has one, unless a passkey of theirs was just proven; a passkey-only account needs that passkey; an
    /// account with neither (Google, GitHub, development sign-in) types its handle.
    /// </summary>
    public async Task<string?> CheckConfirmationAsync(long userId, string? password, string? handle, bool passkeyProven, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken);
        if (user is null)
        {
            return IdentityRefusals.AccountGone;
        }

        if (passkeyProven)
        {
            return null;
        }

        if (user.PasswordHash is not null)
        {
            return await localAccounts.ConfirmPasswordAsync(userId, password, "That password is not right.", cancellationToken);
        }

        if (await db.Passkeys.AnyAsync(p => p.UserId == userId, cancellationToken))
        {
            return "Confirm with your passkey.";
        }

        var typed = handle?.Trim().TrimStart('@');
        return !string.IsNullOrEmpty(typed) && Handles.Normalize(typed) == user.NormalizedHandle
            ? null
            : $"Type your handle, @{user.Handle}, to confirm.";
    }

    /// <summary>Deletes the account; false when there is no such account left to delete.</summary>
    public async Task<bool> DeleteAsync(long userId, bool removeMessages, CancellationToken cancellationToken = default)
    {
        // First, so that no tab of theirs writes anything while the rest goes.
        await sessions.EndAllAsync(userId, EndedReason);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken);
        if (user is null)
        {
            return false;
        }

        var friends = await db.Friendships
            .Where(f => f.UserAId == userId || f.UserBId == userId)
            .Select(f => f.UserAId == userId ? f.UserBId : f.UserAId)
            .ToListAsync(cancellationToken);
        var pendingSent = await db.FriendRequests
            .Where(r => r.SenderId == userId && r.State == FriendRequestState.Pending)
            .Select(r => new { r.Id, r.ReceiverId })
            .ToListAsync(cancellationToken);
        var others = await db.FriendRequests.Where(r => r.SenderId == userId || r.ReceiverId == userId)
            .Select(r => r.SenderId == userId ? r.ReceiverId : r.SenderId)
            .Concat(db.Blocks.Where(b => b.BlockerId == userId || b.BlockedId == userId).Select(b => b.BlockerId == userId ? b.BlockedId : b.BlockerId))
            .ToListAsync(cancellationToken);
        var roomsIn = await db.RoomMembers.Where(m => m.UserId == userId).Select(m => m.RoomId).ToListAsync(cancellationToken);
        var groups = await db.Rooms.Where(r => r.Kind == RoomKind.Group && roomsIn.Contains(r.Id))
            .Select(r => new { r.Id, r.Name, r.OwnerId })
            .ToListAsync(cancellationToken);

        var passedOn = new List<long>();
        var deletedRooms = new List<long>();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Friendships.Where(f => f.UserAId == userId || f.UserBId == userId).ExecuteDeleteAsync(cancellationToken);
            // As after an unfriend: the friend keeps the history, and nobody writes there any more.
            await db.Rooms.Where(r => r.Kind == RoomKind.Private && roomsIn.Contains(r.Id))
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.IsReadOnly, true), cancellationToken);
            await db.FriendRequests.Where(r => r.SenderId == userId || r.ReceiverId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Blocks.Where(b => b.BlockerId == userId || b.BlockedId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Notifications.Where(n => n.RecipientId == userId).ExecuteDeleteAsync(cancellationToken);
            // Their private-room memberships stay: they are what names the friend's read-only room after its author.
            await db.RoomMembers.Where(m => m.UserId == userId && db.Rooms.Any(r => r.Id == m.RoomId && r.Kind == RoomKind.Group))
                .ExecuteDeleteAsync(cancellationToken);
            foreach (var room in groups.Where(g => g.OwnerId == userId))
            {
                var heir = await db.RoomMembers.Where(m => m.RoomId == room.Id)
                    .OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId)
                    .Select(m => (long?)m.UserId)
                    .FirstOrDefaultAsync(cancellationToken);
                if (heir is { } heirId)
                {
                    await db.Rooms.Where(r => r.Id == room.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.OwnerId, heirId), cancellationToken);
                    passedOn.Add(room.Id);
                }
                else
                {
                    await db.Rooms.Where(r => r.Id == room.Id).ExecuteDeleteAsync(cancellationToken);
                    deletedRooms.Add(room.Id);
                }
            }

            await db.Passkeys.Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.PushSubscriptions.Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.RoomNotificationSettings.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.ExternalLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.AccountTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await TombstoneAsync(db, user, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Files they uploaded and never sent go now; sent ones go with their messages (below, when asked).
        await Files.AttachmentRemoval.DeleteAsync(db, db.Attachments.Where(a => a.UploaderId == userId && a.MessageId == null), files, cancellationToken);
        sessions.Refresh(userId);
        Log.Deleted(logger, userId, passedOn.Count, deletedRooms.Count);
        await TellAsync(user, friends, others, pendingSent.Select(r => (r.ReceiverId, r.Id)), roomsIn, groups.Select(g => (g.Id, g.Name)), deletedRooms);
        if (removeMessages)
        {
            await RemoveMessagesAsync(userId, now, cancellationToken);
        }

        return true;
    }

    private static async Task TombstoneAsync(LetsChatDb db, User user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Someone may have chosen "deleted-7" as a handle; the tombstone then takes the next free one.
        var handle = await Handles.MakeUniqueAsync(db, $"deleted-{user.Id}", cancellationToken);
        user.DisplayName = DeletedName;
        user.SearchName = DeletedName.ToUpperInvariant();
        user.Handle = handle;
        user.NormalizedHandle = Handles.Normalize(handle);
        user.Email = null;
        user.EmailConfirmed = false;
        user.AvatarHash = null;
        user.ProviderAvatarUrl = null;
        user.PasswordHash = null;
        user.IsModerator = false;
        user.CustomStatusText = null;
        user.CustomStatusEmoji = null;
        user.CustomStatusUntil = null;
        user.StatusChoice = Components.Presence.StatusChoice.Automatic;
        user.StatusUntil = null;
        user.DeletedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    // Open screens drop what is gone: requests they sent, the friendship, the group rooms, their name on messages.
    private async Task TellAsync(
        User user, List<long> friends, List<long> others, IEnumerable<(long ReceiverId, long RequestId)> pendingSent,
        List<long> roomsIn, IEnumerable<(long Id, string Name)> groups, List<long> deletedRooms)
    {
        foreach (var (receiverId, requestId) in pendingSent)
        {
            await notifications.WithdrawAsync(receiverId, FriendService.RequestKey(requestId));
        }

        var changed = new ProfileChanged(user.Id, user.DisplayName, user.Handle, AvatarUrl: null);
        foreach (var friendId in friends)
        {
            await PublishAsync<UserEvent>(EventTopics.User(friendId), changed);
        }

        foreach (var otherId in friends.Concat(others).Distinct())
        {
            await PublishAsync<UserEvent>(EventTopics.User(otherId), new FriendsChanged());
        }

        foreach (var (roomId, name) in groups.Where(g => !deletedRooms.Contains(g.Id)))
        {
            await PublishAsync<RoomEvent>(EventTopics.Room(roomId), new MemberRemoved(roomId, user.Id, $"{DeletedName} left {name}."));
            await PublishAsync<RoomEvent>(EventTopics.Room(roomId), new RoomMembersChanged(roomId));
        }

        foreach (var roomId in roomsIn.Where(id => !deletedRooms.Contains(id)).Append(Room.PublicRoomId).Distinct())
        {
            await PublishAsync<RoomEvent>(EventTopics.Room(roomId), new AuthorChanged(roomId, user.Id, user.DisplayName, AvatarUrl: null, Handle: null));
        }
    }

    // Through the same store path as deleting one's own message, so every open screen shows each one as deleted.
    private async Task RemoveMessagesAsync(long userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.Messages.Where(m => m.AuthorId == userId && m.DeletedAt == null).Select(m => m.Id).ToListAsync(cancellationToken);
        }

        foreach (var id in ids)
        {
            if (await messages.DeleteAsync(id, userId, now, cancellationToken) is { } deleted)
            {
                await PublishAsync<RoomEvent>(EventTopics.Room(deleted.RoomId), new MessageDeleted(deleted));
            }
        }

        Log.MessagesRemoved(logger, ids.Count, userId);
    }

    private async Task PublishAsync<TEvent>(string topic, TEvent change) where TEvent : class
    {
        try
        {
            await bus.PublishAsync(topic, change);
        }
        catch (Exception ex)
        {
            // The deletion is stored; screens that missed the news catch up when they next load.
            Log.PublishFailed(logger, ex, topic);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Publishing news of a deleted account on {Topic} failed")]
        public static partial void PublishFailed(ILogger logger, Exception exception, string topic);

        [LoggerMessage(LogLevel.Information, "Deleted account {UserId}; {PassedOn} group room(s) passed on, {Deleted} deleted")]
        public static partial void Deleted(ILogger logger, long userId, int passedOn, int deleted);

        [LoggerMessage(LogLevel.Information, "Removed {Count} message(s) of deleted account {UserId}")]
        public static partial void MessagesRemoved(ILogger logger, int count, long userId);
    }
}

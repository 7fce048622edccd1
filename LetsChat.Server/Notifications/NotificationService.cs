using System.Text.Json;
using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Notifications;

/// <summary>Who or what a notification is about; stored as its payload.</summary>
/// <param name="MessageId">The message a message notification shows, so that deleting it clears its text here too.</param>
/// <param name="Sequence">Where that message is in its room: a mention links to it.</param>
/// <param name="RoomName">The group or public room a mention was made in; null in a chat between two.</param>
public sealed record NotificationPayload(
    long ActorId, string ActorName, string? ActorAvatarUrl, long? RoomId = null, string? Preview = null, long? MessageId = null, long? Sequence = null, string? RoomName = null);

/// <summary>
/// Creates, withdraws and reads notifications. Each is stored first, then pushed the moment it exists to every live
/// circuit of its recipient, with the unread count so that all tabs agree.
/// </summary>
public sealed class NotificationService(IDbContextFactory<LetsChatDb> dbFactory, IEventBus bus, Push.PushDispatcher push, TimeProvider time, ILogger<NotificationService> logger)
{
    public async Task<NotificationView> NotifyAsync(long recipientId, NotificationKind kind, NotificationPayload payload, string? subjectKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notification = new Notification
        {
            RecipientId = recipientId,
            Kind = kind,
            Payload = JsonSerializer.Serialize(payload),
            SubjectKey = subjectKey,
            CreatedAt = time.GetUtcNow(),
        };
        db.Notifications.Add(notification);
        await db.SaveChangesAsync(cancellationToken);
        var view = ToView(notification);
        await PublishAsync(recipientId, new NotificationCreated(view, await UnreadCountAsync(db, recipientId, cancellationToken)));
        push.Enqueue(recipientId, view);
        return view;
    }

    /// <summary>
    /// Like <see cref="NotifyAsync"/>, but while an unread notification about the same subject exists it is brought up
    /// to date instead: ten messages in a chat make one notification, not ten.
    /// </summary>
    public async Task NotifyOrRefreshAsync(long recipientId, NotificationKind kind, NotificationPayload payload, string subjectKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unread = await db.Notifications.FirstOrDefaultAsync(n => n.RecipientId == recipientId && n.SubjectKey == subjectKey && n.ReadAt == null, cancellationToken);
        if (unread is null)
        {
            await NotifyAsync(recipientId, kind, payload, subjectKey, cancellationToken);
            return;
        }

        unread.Payload = JsonSerializer.Serialize(payload);
        unread.CreatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var view = ToView(unread);
        await PublishAsync(recipientId, new NotificationCreated(view, await UnreadCountAsync(db, recipientId, cancellationToken)));
        push.Enqueue(recipientId, view);
    }

    /// <summary>
    /// A message was deleted (by its author or a moderator): every notification showing it forgets its text and says
    /// it was deleted, and its recipients' bells are told.
    /// </summary>
    public async Task ForgetMessageAsync(long roomId, long messageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var showing = (await db.Notifications.Where(n => n.SubjectKey == RoomMessageKey(roomId) || n.SubjectKey == MentionKey(roomId)).ToListAsync(cancellationToken))
            .Select(n => (Notification: n, Payload: JsonSerializer.Deserialize<NotificationPayload>(n.Payload)))
            .Where(n => n.Payload?.MessageId == messageId)
            .ToList();
        foreach (var (notification, payload) in showing)
        {
            notification.Payload = JsonSerializer.Serialize(payload! with { Preview = MessageDeleted });
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (notification, _) in showing)
        {
            await PublishAsync(notification.RecipientId, new NotificationsChanged(await UnreadCountAsync(db, notification.RecipientId, cancellationToken)));
        }
    }

    /// <summary>What a message notification shows once its message is deleted.</summary>
    public const string MessageDeleted = "Message deleted";

    /// <summary>The subject of a room's message notifications: a member has one per room, refreshed by each message.</summary>
    public static string RoomMessageKey(long roomId) => $"room:{roomId}";

    /// <summary>The subject of mentions of the recipient in a room: one per room, refreshed by each mention, read when they open the room.</summary>
    public static string MentionKey(long roomId) => $"mention:{roomId}";

    /// <summary>What opened a room to the recipient (added to a group, a request accepted); opening the room deals with it.</summary>
    public static string RoomOpenedKey(long roomId) => $"room-added:{roomId}";

    /// <summary>Removes the notifications about something that no longer exists (a cancelled request, say).</summary>
    public async Task WithdrawAsync(long recipientId, string subjectKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var removed = await db.Notifications.Where(n => n.RecipientId == recipientId && n.SubjectKey == subjectKey).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            await PublishAsync(recipientId, new NotificationsChanged(await UnreadCountAsync(db, recipientId, cancellationToken)));
        }
    }

    /// <summary>Removes everyone's notifications about something dealt with (a report a moderator handled, say).</summary>
    public async Task WithdrawFromEveryoneAsync(string subjectKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recipients = await db.Notifications.Where(n => n.SubjectKey == subjectKey).Select(n => n.RecipientId).Distinct().ToListAsync(cancellationToken);
        if (recipients.Count == 0)
        {
            return;
        }

        await db.Notifications.Where(n => n.SubjectKey == subjectKey).ExecuteDeleteAsync(cancellationToken);
        foreach (var recipientId in recipients)
        {
            await PublishAsync(recipientId, new NotificationsChanged(await UnreadCountAsync(db, recipientId, cancellationToken)));
        }
    }

    /// <summary>Marks read what the user has dealt with in another way (accepting the request it announced, say).</summary>
    /// <returns>Whether there was anything unread to mark.</returns>
    public async Task<bool> MarkReadAsync(long recipientId, string subjectKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await ReadSubjectAsync(db, recipientId, subjectKey, time.GetUtcNow(), cancellationToken);
        if (changed)
        {
            await PublishAsync(recipientId, new NotificationsChanged(await UnreadCountAsync(db, recipientId, cancellationToken)));
        }

        return changed;
    }

    /// <summary>Marks the recipient's unread notifications about <paramref name="subjectKey"/> read; whether there were any (nobody is told).</summary>
    internal static async Task<bool> ReadSubjectAsync(LetsChatDb db, long recipientId, string subjectKey, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.Notifications
            .Where(n => n.RecipientId == recipientId && n.SubjectKey == subjectKey && n.ReadAt == null)
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.ReadAt, at), cancellationToken) > 0;

    internal async Task<int> MarkReadAsync(long recipientId, long? notificationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var query = db.Notifications.Where(n => n.RecipientId == recipientId && n.ReadAt == null);
        if (notificationId is { } id)
        {
            query = query.Where(n => n.Id == id);
        }

        var changed = await query.ExecuteUpdateAsync(n => n.SetProperty(x => x.ReadAt, now), cancellationToken);
        var unread = await UnreadCountAsync(db, recipientId, cancellationToken);
        if (changed > 0)
        {
            await PublishAsync(recipientId, new NotificationsChanged(unread));
        }

        return unread;
    }

    internal async Task<int> UnreadCountAsync(long recipientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await UnreadCountAsync(db, recipientId, cancellationToken);
    }

    internal async Task<NotificationPage> PageAsync(long recipientId, long? beforeId, int pageSize, CancellationToken cancellationToken)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Notifications.AsNoTracking().Where(n => n.RecipientId == recipientId);
        if (beforeId is { } before)
        {
            query = query.Where(n => n.Id < before);
        }

        var rows = await query.OrderByDescending(n => n.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        return new NotificationPage(rows.Take(pageSize).Select(ToView).ToList(), rows.Count > pageSize);
    }

    internal static NotificationView ToView(Notification notification)
    {
        var payload = JsonSerializer.Deserialize<NotificationPayload>(notification.Payload) ?? new NotificationPayload(0, "Someone", null);
        var (text, link) = notification.Kind switch
        {
            NotificationKind.FriendRequestReceived => ($"{payload.ActorName} sent you a friend request", "/friends"),
            NotificationKind.FriendRequestAccepted => ($"{payload.ActorName} accepted your friend request", payload.RoomId is { } chat ? $"/chat/{chat}" : "/friends"),
            NotificationKind.PrivateMessage => (
                payload.RoomName is { } inRoom ? $"{payload.ActorName} in {inRoom}: {payload.Preview}" : $"{payload.ActorName}: {payload.Preview}",
                $"/chat/{payload.RoomId}"),
            NotificationKind.AddedToRoom => ($"{payload.ActorName} added you to {payload.Preview}", $"/chat/{payload.RoomId}"),
            NotificationKind.Mention => (
                payload.RoomName is { } room ? $"{payload.ActorName} mentioned you in {room}: {payload.Preview}" : $"{payload.ActorName} mentioned you: {payload.Preview}",
                payload.Sequence is { } sequence ? $"/chat/{payload.RoomId}/m/{sequence}" : $"/chat/{payload.RoomId}"),
            NotificationKind.Report => (payload.Preview ?? "Something to review", "/admin"),
            NotificationKind.RoomReport => (
                payload.Preview ?? "Something to review",
                payload.Sequence is { } reported ? $"/chat/{payload.RoomId}/m/{reported}" : $"/chat/{payload.RoomId}"),
            _ => ("Something happened", "/notifications"),
        };
        return new NotificationView(notification.Id, notification.Kind, text, link, payload.ActorName, payload.ActorAvatarUrl, notification.CreatedAt, notification.ReadAt is not null);
    }

    /// <summary>Tells every tab of <paramref name="recipientId"/> how many notifications they have unread now (after a batched write).</summary>
    internal async Task TellUnreadAsync(long recipientId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await PublishAsync(recipientId, new NotificationsChanged(await UnreadCountAsync(db, recipientId, cancellationToken)));
    }

    private static Task<int> UnreadCountAsync(LetsChatDb db, long recipientId, CancellationToken cancellationToken) =>
        db.Notifications.CountAsync(n => n.RecipientId == recipientId && n.ReadAt == null, cancellationToken);

    private async Task PublishAsync(long recipientId, UserEvent userEvent)
    {
        try
        {
            await bus.PublishAsync(EventTopics.User(recipientId), userEvent);
        }
        catch (Exception ex)
        {
            // Stored already: the recipient sees it on their next load.
            logger.PushFailed(ex, recipientId);
        }
    }
}

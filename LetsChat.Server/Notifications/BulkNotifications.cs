using System.Text.Json;
using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Notifications;

/// <summary>
/// One notification about one subject for many people at once (a message to a group room's members), in a fixed
/// number of statements however many they are: the unread ones are brought up to date, the others created.
/// </summary>
public sealed class BulkNotifications(IDbContextFactory<LetsChatDb> dbFactory, SqliteWriteGate writes, IEventBus bus, Push.PushDispatcher push, TimeProvider time, ILogger<BulkNotifications> logger)
{
    public async Task NotifyOrRefreshAsync(IReadOnlyCollection<long> recipientIds, NotificationKind kind, NotificationPayload payload, string subjectKey, CancellationToken cancellationToken = default)
    {
        if (recipientIds.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = JsonSerializer.Serialize(payload);
        var now = time.GetUtcNow();
        var refreshed = await db.Notifications
            .Where(n => recipientIds.Contains(n.RecipientId) && n.SubjectKey == subjectKey && n.ReadAt == null)
            .ToListAsync(cancellationToken);
        foreach (var unread in refreshed)
        {
            unread.Payload = json;
            unread.CreatedAt = now;
        }

        var haveOne = refreshed.Select(n => n.RecipientId).ToHashSet();
        var created = recipientIds.Where(id => !haveOne.Contains(id))
            .Select(id => new Notification { RecipientId = id, Kind = kind, Payload = json, SubjectKey = subjectKey, CreatedAt = now })
            .ToList();
        db.Notifications.AddRange(created);
        using (await writes.EnterAsync(db, cancellationToken, bulk: true))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var unreadCounts = await db.Notifications
            .Where(n => recipientIds.Contains(n.RecipientId) && n.ReadAt == null)
            .GroupBy(n => n.RecipientId)
            .Select(g => new { RecipientId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.RecipientId, g => g.Count, cancellationToken);
        foreach (var notification in refreshed.Concat(created))
        {
            var news = new NotificationCreated(NotificationService.ToView(notification), unreadCounts.GetValueOrDefault(notification.RecipientId));
            push.Enqueue(notification.RecipientId, news.Notification);
            try
            {
                await bus.PublishAsync<UserEvent>(EventTopics.User(notification.RecipientId), news);
            }
            catch (Exception ex)
            {
                // Stored already: the recipient sees it on their next load.
                logger.PushFailed(ex, notification.RecipientId);
            }
        }
    }
}

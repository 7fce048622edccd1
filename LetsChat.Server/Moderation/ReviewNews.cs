using LetsChat.Components.Moderation;
using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using LetsChat.Server.Admin;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>Something new to review, for whom it concerns.</summary>
/// <param name="SubjectKey">One notification per subject: a second report of the same message refreshes the first.</param>
/// <param name="ForModerators">The site's queue shows it: every moderator hears of it.</param>
/// <param name="OwnerId">A group room's owner, who reviews their room's items.</param>
public sealed record ReviewItem(string SubjectKey, string Text, long ActorId, string ActorName, long? RoomId, long? Sequence, bool ForModerators, long? OwnerId);

/// <summary>
/// Tells reviewers (moderators, a room's owner) through the channels every notification takes (the bell, desktop,
/// push, the e-mail digest), and every open queue, on every instance, that something changed.
/// </summary>
public sealed class ReviewNews(IDbContextFactory<LetsChatDb> dbFactory, BulkNotifications bulk, NotificationService notifications, IEventBus bus, ILogger<ReviewNews> logger)
{
    public static string MessageKey(long messageId) => $"report:message:{messageId}";

    public static string PersonKey(long userId) => $"report:person:{userId}";

    public static string HeldKey(long heldId) => $"report:held:{heldId}";

    /// <summary>Notifies the item's reviewers (never the person it is from or about), then refreshes the queues.</summary>
    public async Task TellAsync(ReviewItem item, IReadOnlyCollection<long> leaveOut, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var moderators = item.ForModerators ? await ModerationPowers.ModeratorIdsAsync(db, cancellationToken) : [];
            var payload = new NotificationPayload(item.ActorId, item.ActorName, null, item.RoomId, item.Text, Sequence: item.Sequence);
            await bulk.NotifyOrRefreshAsync([.. moderators.Except(leaveOut)], NotificationKind.Report, payload, item.SubjectKey, cancellationToken);
            if (item.OwnerId is { } owner && !moderators.Contains(owner) && !leaveOut.Contains(owner))
            {
                await notifications.NotifyOrRefreshAsync(owner, NotificationKind.RoomReport, payload, item.SubjectKey, cancellationToken);
            }
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            // The item is stored: the queue shows it; only the ping is lost.
            logger.ReviewNotifyFailed(ex, item.SubjectKey);
        }

        await ChangedAsync(item.RoomId);
    }

    /// <summary>An item was dealt with: its notifications go, and the queues refresh.</summary>
    public async Task DoneAsync(string subjectKey, long? roomId)
    {
        try
        {
            await notifications.WithdrawFromEveryoneAsync(subjectKey);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.ReviewNotifyFailed(ex, subjectKey);
        }

        await ChangedAsync(roomId);
    }

    public async Task ChangedAsync(long? roomId)
    {
        try
        {
            await bus.PublishAsync<UserEvent>(AdminTopics.Moderation, new ReportsChanged(roomId));
        }
        catch (Exception ex)
        {
            // Queues refresh on their next load.
            logger.ReviewNotifyFailed(ex, "queue");
        }
    }
}

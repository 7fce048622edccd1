using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;

namespace LetsChat.Server.Notifications;

/// <summary>The current user's notifications: every call reads only the caller's own.</summary>
internal sealed class NotificationInbox(CurrentUser currentUser, NotificationService notifications, ILogger<NotificationInbox> logger) : INotificationService
{
    public async Task<int> GetUnreadCountAsync(CancellationToken cancellationToken = default) =>
        await currentUser.GetAsync() is { } me ? await notifications.UnreadCountAsync(me.Id, cancellationToken) : 0;

    public async Task<NotificationPage> GetPageAsync(long? beforeId = null, int pageSize = INotificationService.PageSize, CancellationToken cancellationToken = default) =>
        await currentUser.GetAsync() is { } me
            ? await notifications.PageAsync(me.Id, beforeId, pageSize, cancellationToken)
            : new NotificationPage([], false);

    public Task<Outcome> MarkReadAsync(long notificationId) => MarkAsync(notificationId);

    public Task<Outcome> MarkAllReadAsync() => MarkAsync(notificationId: null);

    private Task<Outcome> MarkAsync(long? notificationId) => DatabaseOutage.RefusedAsync(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        await notifications.MarkReadAsync(me.Id, notificationId);
        return Outcome.Done();
    }, Outcome.Refused, logger);
}

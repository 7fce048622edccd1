using LetsChat.Components.Notifications;
using LetsChat.Server.Identity;

namespace LetsChat.Server.Notifications;

/// <summary>The current user's notifications: every call reads only the caller's own.</summary>
internal sealed class NotificationInbox(CurrentUser currentUser, NotificationService notifications) : INotificationService
{
    public async Task<int> GetUnreadCountAsync(CancellationToken cancellationToken = default) =>
        await currentUser.GetAsync() is { } me ? await notifications.UnreadCountAsync(me.Id, cancellationToken) : 0;

    public async Task<NotificationPage> GetPageAsync(long? beforeId = null, int pageSize = INotificationService.PageSize, CancellationToken cancellationToken = default) =>
        await currentUser.GetAsync() is { } me
            ? await notifications.PageAsync(me.Id, beforeId, pageSize, cancellationToken)
            : new NotificationPage([], false);

    public async Task MarkReadAsync(long notificationId)
    {
        if (await currentUser.GetAsync() is { } me)
        {
            await notifications.MarkReadAsync(me.Id, notificationId);
        }
    }

    public async Task MarkAllReadAsync()
    {
        if (await currentUser.GetAsync() is { } me)
        {
            await notifications.MarkReadAsync(me.Id, notificationId: null);
        }
    }
}

using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LetsChat.Components.Notifications;

/// <summary>
/// Opening notifications and marking them read, as the bell and the notifications page both do it: a refusal (the
/// database is away) is shown in a snackbar, and opening a notification still goes where it leads.
/// </summary>
public sealed class NotificationActions(INotificationService notifications, ISnackbar snackbar, NavigationManager navigation)
{
    public async Task OpenAsync(NotificationView notification)
    {
        // Not marked read is no reason to stay: the reader is told, and the notification stays unread.
        if (!notification.IsRead && await notifications.MarkReadAsync(notification.Id) is { Succeeded: false } refused)
        {
            snackbar.Add(refused.Message, Severity.Error);
        }

        navigation.NavigateTo(notification.Link);
    }

    /// <returns>False when refused: nothing changed, and the reader was told why.</returns>
    public async Task<bool> MarkAllReadAsync()
    {
        if (await notifications.MarkAllReadAsync() is { Succeeded: false } refused)
        {
            snackbar.Add(refused.Message, Severity.Error);
            return false;
        }

        return true;
    }
}

using LetsChat.Components.Notifications;
using LetsChat.Server.Notifications.Digests;
using LetsChat.Server.Notifications.Push;

namespace LetsChat.Server.Notifications;

public static class NotificationsRegistration
{
    public static IHostApplicationBuilder AddLetsChatNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationService>();
        builder.Services.AddSingleton<BulkNotifications>();
        builder.Services.AddScoped<INotificationService, NotificationInbox>();
        return builder.AddLetsChatDigests().AddLetsChatPush();
    }
}

using LetsChat.Components.Shared;

namespace LetsChat.Components.Notifications;

/// <summary>A new notification for the user, with their unread count after it.</summary>
public sealed record NotificationCreated(NotificationView Notification, int UnreadCount) : UserEvent;

/// <summary>Notifications were read or withdrawn; every tab shows this unread count.</summary>
public sealed record NotificationsChanged(int UnreadCount) : UserEvent;

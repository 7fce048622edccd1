using LetsChat.Components.Shared;

namespace LetsChat.Components.Notifications;

public enum NotificationKind
{
    FriendRequestReceived = 0,
    FriendRequestAccepted = 1,
    PrivateMessage = 2,
    AddedToRoom = 3,
    Mention = 4,

    /// <summary>Something for moderators to review (a report, a held message): it leads to the queue on /admin.</summary>
    Report = 5,

    /// <summary>Something for a group room's owner to review in their room: it leads to the room.</summary>
    RoomReport = 6,
}

/// <summary>A notification as the bell and the list show it: plain text (never HTML) and where it leads.</summary>
public sealed record NotificationView(
    long Id,
    NotificationKind Kind,
    string Text,
    string Link,
    string ActorName,
    string? ActorAvatarUrl,
    DateTimeOffset CreatedAt,
    bool IsRead);

public sealed record NotificationPage(IReadOnlyList<NotificationView> Notifications, bool HasMore);

/// <summary>The current user's notifications.</summary>
public interface INotificationService
{
    public const int PageSize = 30;

    Task<int> GetUnreadCountAsync(CancellationToken cancellationToken = default);

    /// <summary>Newest first; <paramref name="beforeId"/> pages back from an earlier page's last id.</summary>
    Task<NotificationPage> GetPageAsync(long? beforeId = null, int pageSize = PageSize, CancellationToken cancellationToken = default);

    Task<Outcome> MarkReadAsync(long notificationId);

    Task<Outcome> MarkAllReadAsync();
}

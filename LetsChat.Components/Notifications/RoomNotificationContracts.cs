using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Notifications;

/// <summary>The current user's notification level per room. Every call checks again that they may read the room.</summary>
public interface IRoomNotificationSettings
{
    /// <summary>The level in force (chosen, or the room kind's default); null when the reader may not see the room.</summary>
    Task<NotificationLevel?> GetLevelAsync(long roomId, CancellationToken cancellationToken = default);

    Task<Outcome> SetLevelAsync(long roomId, NotificationLevel level);
}

public static class NotificationLevels
{
    /// <summary>A chat between two tells of every message; the public and group rooms only of mentions.</summary>
    public static NotificationLevel DefaultFor(RoomKind kind) => kind == RoomKind.Private ? NotificationLevel.AllMessages : NotificationLevel.MentionsOnly;

    public static string Label(NotificationLevel level) => level switch
    {
        NotificationLevel.AllMessages => "All messages",
        NotificationLevel.MentionsOnly => "Mentions only",
        _ => "Nothing",
    };

    public static string Explain(NotificationLevel level) => level switch
    {
        NotificationLevel.AllMessages => "Every new message notifies you.",
        NotificationLevel.MentionsOnly => "Only messages that mention you notify you.",
        _ => "Nothing from this room notifies you, not even a mention. Unread messages still count in your room list.",
    };
}

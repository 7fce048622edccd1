using LetsChat.Components.Notifications;

namespace LetsChat.Server.Rooms;

/// <summary>A member's chosen notification level for one room; without a row the room kind's default applies.</summary>
public sealed class RoomNotificationSetting
{
    public long UserId { get; set; }
    public long RoomId { get; set; }
    public NotificationLevel Level { get; set; }
}

using LetsChat.Components.Notifications;

namespace LetsChat.Server.Notifications;

public sealed class Notification
{
    public long Id { get; set; }
    public long RecipientId { get; set; }
    public NotificationKind Kind { get; set; }
    /// <summary>JSON with what the notification shows and links to.</summary>
    public required string Payload { get; set; }
    /// <summary>What the notification is about (for example "friend-request:42"), so it can be withdrawn with it.</summary>
    public string? SubjectKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>When an e-mail digest last told of it; a later <see cref="CreatedAt"/> (it was refreshed) is news again.</summary>
    public DateTimeOffset? EmailedAt { get; set; }
}

namespace LetsChat.Server.Admin;

/// <summary>One moderation action (by a moderator, or a group room's owner in their room): who did what to whom, when and why.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public long ModeratorId { get; set; }
    public required string Action { get; set; }
    public long? TargetUserId { get; set; }
    public long? TargetMessageId { get; set; }
    /// <summary>The room the action was in (a message removed, a member muted, slow mode set), when it was in one.</summary>
    public long? RoomId { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

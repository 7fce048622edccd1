namespace LetsChat.Server.Admin;

/// <summary>One moderation action: who did what to whom, when and why.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public long ModeratorId { get; set; }
    public required string Action { get; set; }
    public long? TargetUserId { get; set; }
    public long? TargetMessageId { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

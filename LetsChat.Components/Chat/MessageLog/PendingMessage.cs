namespace LetsChat.Components.Chat.MessageLog;

/// <summary>A message this tab has sent and the server has not yet confirmed (or refused).</summary>
public sealed class PendingMessage(Guid clientMessageId, string body, long? replyToId = null, IReadOnlyList<ChatAttachment>? files = null)
{
    /// <summary>The uploaded files it carries; kept for retries.</summary>
    public IReadOnlyList<ChatAttachment> Files { get; } = files ?? [];

    /// <summary>The message this one answers; kept for retries.</summary>
    public long? ReplyToId { get; } = replyToId;

    public Guid ClientMessageId { get; } = clientMessageId;
    public string Body { get; } = body;
    public bool Failed { get; set; }
    public string? Error { get; set; }
}

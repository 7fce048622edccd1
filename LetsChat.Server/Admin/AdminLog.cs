namespace LetsChat.Server.Admin;

/// <summary>What moderation logs, as source-generated messages.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Moderator {ModeratorId} banned user {UserId}")]
    public static partial void Banned(this ILogger logger, long moderatorId, long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the removal of message {MessageId} failed")]
    public static partial void PublishRemovalFailed(this ILogger logger, Exception exception, long messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A moderation action of {ModeratorId} failed")]
    public static partial void ModerationFailed(this ILogger logger, Exception exception, long moderatorId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling admin pages of a change by {ModeratorId} failed; they show it on their next load")]
    public static partial void AdminPagesNotTold(this ILogger logger, Exception exception, long moderatorId);
}

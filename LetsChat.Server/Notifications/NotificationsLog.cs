namespace LetsChat.Server.Notifications;

/// <summary>What notifications log, as source-generated messages.</summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing a notification to user {UserId} failed")]
    public static partial void PushFailed(this ILogger logger, Exception exception, long userId);
}

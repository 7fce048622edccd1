namespace LetsChat.Server.Presence.Status;

internal static partial class StatusLog
{
    [LoggerMessage(LogLevel.Warning, "Could not read who is idle; showing them as online")]
    public static partial void ActivityUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Could not tell friends of user {UserId}'s status")]
    public static partial void AnnounceFailed(this ILogger logger, Exception exception, long userId);

    [LoggerMessage(LogLevel.Warning, "Status sweep failed; trying again at the next one")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Could not record activity of user {UserId}")]
    public static partial void ActivityFailed(this ILogger logger, Exception exception, long userId);
}

namespace LetsChat.Server.Moderation;

/// <summary>What moderation logs, as source-generated messages.</summary>
internal static partial class ModerationLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling reviewers about {SubjectKey} failed")]
    public static partial void ReviewNotifyFailed(this ILogger logger, Exception exception, string subjectKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is away: slow mode in room {RoomId} holds per instance for now")]
    public static partial void SlowModeLocalOnly(this ILogger logger, Exception exception, long roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A moderation action of user {UserId} failed")]
    public static partial void ActionFailed(this ILogger logger, Exception exception, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {ReporterId} reported {Subject}")]
    public static partial void Reported(this ILogger logger, long reporterId, string subject);

    [LoggerMessage(Level = LogLevel.Information, Message = "A message of user {AuthorId} in room {RoomId} was held for review")]
    public static partial void Held(this ILogger logger, long authorId, long roomId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lifted {Count} bans whose time was up")]
    public static partial void BansLifted(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ban sweep failed; it tries again")]
    public static partial void BanSweepFailed(this ILogger logger, Exception exception);
}

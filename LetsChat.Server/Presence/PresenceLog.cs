namespace LetsChat.Server.Presence;

/// <summary>What presence, circuit caps and their Redis side log, as source-generated messages.</summary>
internal static partial class PresenceLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the other instances to close the circuits of user {UserId} failed")]
    public static partial void CloseElsewhereFailed(this ILogger logger, Exception exception, long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sharing the status of user {UserId} failed; telling this instance's users only")]
    public static partial void ShareStatusFailed(this ILogger logger, Exception exception, long userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Broadcasting the status of user {UserId} failed")]
    public static partial void BroadcastFailed(this ILogger logger, Exception exception, long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing an evicted circuit of user {UserId} failed")]
    public static partial void CloseEvictedFailed(this ILogger logger, Exception exception, long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer: statuses are this instance's alone until it does")]
    public static partial void StatusesLocalOnly(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer: the totals are this instance's alone until it does")]
    public static partial void TotalsLocalOnly(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Saying goodbye to Redis failed; this instance's heartbeat will expire instead")]
    public static partial void GoodbyeFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer: the circuit cap counts this instance's circuits only until it does")]
    public static partial void CapLocalOnly(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: presence is shared with the other instances")]
    public static partial void PresenceSharedAgain(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Redis does not answer: presence is this instance's alone until it does")]
    public static partial void PresenceLocalOnly(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {Instance} stopped without a goodbye; {Count} of its users are now offline")]
    public static partial void InstanceGone(this ILogger logger, string instance, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer: visitors' circuits are capped per instance until it does")]
    public static partial void VisitorCapLocalOnly(this ILogger logger, Exception exception);
}

namespace LetsChat.Server.Events;

/// <summary>What the event buses and deliveries log, as source-generated messages.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Type} is not a RoomEvent or UserEvent of the components; it reached this instance only")]
    public static partial void LocalOnlyEvent(this ILogger logger, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing on {Topic} through Redis failed; it is sent again once Redis is back")]
    public static partial void PublishFailed(this ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable: events reach this instance's users at once and the others once it returns")]
    public static partial void RedisUnreachable(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis has been away too long: an event on {Topic} is dropped; other instances read messages from the database")]
    public static partial void UnsentDropped(this ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the events kept while Redis was away failed; trying again when it is back")]
    public static partial void ResendFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Keeping the Redis subscriptions in step failed; trying again shortly")]
    public static partial void SubscriptionsOutOfStep(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to {Topic} on Redis failed; trying again shortly")]
    public static partial void SubscribeFailed(this ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribing from {Topic} failed")]
    public static partial void UnsubscribeFailed(this ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event on {Topic} from Redis was not understood and is ignored")]
    public static partial void EventNotUnderstood(this ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost the connection to Redis ({FailureType}): this instance serves its own users and reconnects by itself")]
    public static partial void RedisConnectionLost(this ILogger logger, Exception? exception, StackExchange.Redis.ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "The connection to Redis is back; open rooms catch up from the database")]
    public static partial void RedisConnectionBack(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pinging Redis after it came back failed")]
    public static partial void PingAfterReturnFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of {Topic} failed to catch up")]
    public static partial void CatchUpFailed(this ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler of {Topic} failed")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering events of type {Type} failed")]
    public static partial void DeliveryFailed(this ILogger logger, Exception exception, string type);
}

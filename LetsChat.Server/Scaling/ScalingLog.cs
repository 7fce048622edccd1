namespace LetsChat.Server.Scaling;

/// <summary>What the Redis connection logs, as source-generated messages.</summary>
internal static partial class ScalingLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Redis at {Endpoints} does not answer; serving this instance's users only until it does")]
    public static partial void RedisDoesNotAnswer(this ILogger logger, string endpoints);
}

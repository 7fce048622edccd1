namespace LetsChat.Server.Security;

/// <summary>What the limits log, as source-generated messages.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis could not count a {Action} of {Who}; this instance's own bucket counts it")]
    public static partial void LimitLocalOnly(this ILogger logger, Exception exception, UserAction action, string who);
}

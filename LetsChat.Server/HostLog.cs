namespace LetsChat.Server;

/// <summary>What the host's own pages log, as source-generated messages.</summary>
internal static partial class HostLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed")]
    public static partial void RequestFailed(this ILogger logger, Exception? exception, PathString path);
}

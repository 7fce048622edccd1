using Microsoft.Extensions.Logging;

namespace LetsChat.Components.Shared;

/// <summary>What the shared components log, as source-generated messages.</summary>
internal static partial class SharedLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "A part of the screen failed and shows a notice instead: {Message}")]
    public static partial void PartFailed(this ILogger logger, Exception exception, string message);
}

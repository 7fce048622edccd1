namespace LetsChat.Server.Rooms;

/// <summary>What rooms log, as source-generated messages.</summary>
internal static partial class RoomsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the members of room {RoomId} of a message failed; trying again")]
    public static partial void NewsFailed(this ILogger logger, Exception exception, long roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up telling the members of room {RoomId} of message {MessageId}")]
    public static partial void NewsGivenUp(this ILogger logger, Exception exception, long roomId, long messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} read marks failed; they wait for the next batch")]
    public static partial void ReadMarksNotWritten(this ILogger logger, Exception exception, int count);
}

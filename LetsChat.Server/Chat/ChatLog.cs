namespace LetsChat.Server.Chat;

/// <summary>What chat logs, as source-generated messages.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Opening room {RoomId} failed")]
    public static partial void OpenRoomFailed(this ILogger logger, Exception exception, long? roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing a message in room {RoomId} failed")]
    public static partial void StoreFailed(this ILogger logger, Exception exception, long roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Changing message {MessageId} failed")]
    public static partial void ChangeFailed(this ILogger logger, Exception exception, long messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing an event of room {RoomId} failed")]
    public static partial void PublishRoomEventFailed(this ILogger logger, Exception exception, long roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Opening the public room for a visitor failed")]
    public static partial void VisitorOpenFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading older public messages for a visitor failed")]
    public static partial void VisitorHistoryFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling the window of room {RoomId} after the bus resumed failed")]
    public static partial void ReconcileFailed(this ILogger logger, Exception exception, long roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up room {RoomId} failed; trying again in {Wait}")]
    public static partial void CatchUpRoomFailed(this ILogger logger, Exception exception, long roomId, TimeSpan wait);
}

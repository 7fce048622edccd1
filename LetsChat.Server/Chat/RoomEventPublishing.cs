using LetsChat.Components.Chat;
using LetsChat.Server.Events;

namespace LetsChat.Server.Chat;

internal static class RoomEventPublishing
{
    /// <summary>
    /// Tells the room's screens of a change already stored. A bus failure is logged, not thrown: the change stands, and
    /// screens that missed the event fill the gap from the database.
    /// </summary>
    public static async Task PublishStoredAsync(this IEventBus bus, RoomEvent roomEvent, ILogger logger)
    {
        try
        {
            await bus.PublishAsync(EventTopics.Room(roomEvent.RoomId), roomEvent);
        }
        catch (Exception ex)
        {
            logger.PublishRoomEventFailed(ex, roomEvent.RoomId);
        }
    }
}

using LetsChat.Components.Chat;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Rooms;

/// <summary>How far each member has read a room: one mark per member, only ever moving forward.</summary>
internal static class ReadMarks
{
    /// <summary>Moves the user's mark in the room on to <paramref name="sequence"/> (never back), and tells every tab of theirs.</summary>
    public static async Task MoveOnAsync(LetsChatDb db, IEventBus bus, long userId, long roomId, long sequence, CancellationToken cancellationToken)
    {
        var moved = await db.RoomMembers
            .Where(m => m.RoomId == roomId && m.UserId == userId && m.LastReadSequence < sequence)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.LastReadSequence, sequence), cancellationToken);
        if (moved > 0)
        {
            await bus.PublishAsync<UserEvent>(EventTopics.User(userId), new RoomRead(roomId, sequence));
        }
    }
}

using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Rooms;

/// <summary>
/// How far each member has read a room: one mark per member, only ever moving forward, and the notifications that
/// reading a room deals with. The public room keeps no marks: its traffic is not news, and a thousand readers must not
/// mean a thousand writes every few seconds.
/// </summary>
public sealed class ReadMarks(IDbContextFactory<LetsChatDb> dbFactory, IEventBus bus, NotificationService notifications, ReadMarkWriter writer)
{
    /// <summary>Where the user had read the room to; everything in the public room counts as read (no divider there).</summary>
    public async Task<long> LastReadAsync(long userId, RoomInfo room, CancellationToken cancellationToken)
    {
        if (room.Kind == RoomKind.Public)
        {
            return long.MaxValue;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RoomMembers.Where(m => m.RoomId == room.Id && m.UserId == userId).Select(m => m.LastReadSequence).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The user opened the room: the notification that led them there (added to it, request accepted) is read, and so
    /// are their mentions there, in every tab's room list.
    /// </summary>
    public async Task OpenedAsync(long userId, RoomInfo room, CancellationToken cancellationToken)
    {
        if (room.Kind != RoomKind.Public)
        {
            await notifications.MarkReadAsync(userId, NotificationService.RoomOpenedKey(room.Id), cancellationToken: cancellationToken);
        }

        await MentionsSeenAsync(userId, room.Id, cancellationToken);
    }

    private async Task MentionsSeenAsync(long userId, long roomId, CancellationToken cancellationToken)
    {
        if (await notifications.MarkReadAsync(userId, NotificationService.MentionKey(roomId), cancellationToken: cancellationToken))
        {
            await bus.PublishAsync<UserEvent>(EventTopics.User(userId), new RoomMentions(roomId, Unread: false));
        }
    }

    /// <summary>
    /// The user has seen the room up to <paramref name="sequence"/> (clamped to what it holds); its message and mention
    /// notifications are read. Written with other marks in a batch (<see cref="ReadMarkWriter"/>), only while the user
    /// is a member of the room; completes once written.
    /// </summary>
    public Task MarkAsync(long userId, long roomId, long sequence, CancellationToken cancellationToken) =>
        roomId == Room.PublicRoomId ? Task.CompletedTask : writer.MarkAsync(userId, roomId, sequence).WaitAsync(cancellationToken);

    /// <summary>Moves the user's mark in the room on to <paramref name="sequence"/> (never back), and tells every tab of theirs.</summary>
    internal static async Task MoveOnAsync(LetsChatDb db, IEventBus bus, long userId, long roomId, long sequence, CancellationToken cancellationToken)
    {
        if (await MoveAsync(db, userId, roomId, sequence, cancellationToken))
        {
            await bus.PublishAsync<UserEvent>(EventTopics.User(userId), new RoomRead(roomId, sequence));
        }
    }

    /// <summary>Moves the user's mark in the room on to <paramref name="sequence"/>, never back; whether it moved (nobody is told).</summary>
    internal static async Task<bool> MoveAsync(LetsChatDb db, long userId, long roomId, long sequence, CancellationToken cancellationToken) =>
        await db.RoomMembers
            .Where(m => m.RoomId == roomId && m.UserId == userId && m.LastReadSequence < sequence)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.LastReadSequence, sequence), cancellationToken) > 0;
}

using LetsChat.Components.Chat;
using LetsChat.Components.Shared;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>
/// Removing someone's message, by a moderator or a room's owner: every open screen shows it removed, its
/// notifications forget its text, its open reports close as acted on, and the audit log records it.
/// </summary>
public sealed class MessageRemoval(MessageStore messages, NotificationService notifications, ReviewNews news, IEventBus bus, TimeProvider time, ILogger<MessageRemoval> logger)
{
    /// <summary>Removes <paramref name="message"/>; the caller checked that <paramref name="actorId"/> may.</summary>
    public async Task<Outcome> RemoveAsync(LetsChatDb db, long actorId, ChatMessage message, string? reason)
    {
        var now = time.GetUtcNow();
        if (await messages.DeleteAsync(message.Id, actorId, now, CancellationToken.None) is not { } deleted)
        {
            return Outcome.Refused("This message was already removed.");
        }

        AuditTrail.Write(db, now, actorId, AuditActions.RemoveMessage, message.AuthorId, message.Id, message.RoomId, PlainText.Line(reason, 500));
        await db.SaveChangesAsync();
        var closed = await CloseReportsAsync(db, actorId, message.Id, ReportState.Actioned);
        await notifications.ForgetMessageAsync(deleted.RoomId, deleted.Id);
        try
        {
            await bus.PublishAsync<RoomEvent>(EventTopics.Room(deleted.RoomId), new MessageDeleted(deleted));
        }
        catch (Exception ex)
        {
            // Removed and logged; screens that missed the event show it once they reload.
            logger.PublishRemovalFailed(ex, message.Id);
        }

        if (closed > 0)
        {
            await news.DoneAsync(ReviewNews.MessageKey(message.Id), message.RoomId);
        }

        return Outcome.Done($"{message.AuthorName}'s message was removed.");
    }

    /// <summary>Closes a message's open reports; returns how many there were.</summary>
    public Task<int> CloseReportsAsync(LetsChatDb db, long actorId, long messageId, ReportState state) =>
        db.Reports.Where(r => r.MessageId == messageId).CloseAsync(state, actorId, time.GetUtcNow());
}

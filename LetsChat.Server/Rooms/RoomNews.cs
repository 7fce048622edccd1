using System.Threading.Channels;
using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Rooms;

/// <summary>
/// A stored message whose room's members, or the people it mentions, are still to hear of it. An edit
/// (<paramref name="IsEdit"/>) is news only to those it newly mentions.
/// </summary>
public sealed record MessageNews(
    ChatMessage Message, string AuthorName, string? AuthorAvatarUrl, RoomInfo Room, IReadOnlyList<long> Mentioned, bool Everyone, bool IsEdit = false);

/// <summary>
/// Tells a room's members of each new message, off the sender's call and in order: the author's read mark moves on,
/// every member's room list moves the room up, and members not looking at it get (or see refreshed) a notification
/// when their level for the room is all messages. Whoever it mentions gets a mention notification instead, and a mention
/// marker in their room list, unless they chose nothing from the room. A few statements per message however many members the room has; a database hiccup is retried, not dropped.
/// </summary>
public sealed class RoomNews(
    IDbContextFactory<LetsChatDb> dbFactory, SqliteWriteGate writes, IEventBus bus, RoomViewers viewers, BulkNotifications notifications, ILogger<RoomNews> logger)
    : BackgroundService
{
    /// <summary>How many messages may wait for their news; a sender waits for room when the database has fallen this far behind.</summary>
    public const int MaxWaiting = 10_000;

    private static readonly TimeSpan[] RetryAfter = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)];

    private readonly Channel<MessageNews> _waiting = Channel.CreateBounded<MessageNews>(new BoundedChannelOptions(MaxWaiting) { SingleReader = true });

    public ValueTask TellAsync(MessageNews news, CancellationToken cancellationToken = default) => _waiting.Writer.WriteAsync(news, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var news in _waiting.Reader.ReadAllAsync(stoppingToken))
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await TellMembersAsync(news, stoppingToken);
                    break;
                }
                catch (Exception ex) when (attempt < RetryAfter.Length && !stoppingToken.IsCancellationRequested)
                {
                    logger.NewsFailed(ex, news.Message.RoomId);
                    await Task.Delay(RetryAfter[attempt], stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The message is stored and shown in the room; only its notice in room lists and bells is given up.
                    logger.NewsGivenUp(ex, news.Message.RoomId, news.Message.Id);
                    break;
                }
            }
        }
    }

    private async Task TellMembersAsync(MessageNews news, CancellationToken cancellationToken)
    {
        var message = news.Message;
        var kind = news.Room.Kind;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var members = kind == RoomKind.Public || (news.IsEdit && !news.Everyone)
            ? []
            : await db.RoomMembers.Where(m => m.RoomId == message.RoomId).Select(m => m.UserId).ToListAsync(cancellationToken);
        // The public room has no members: whoever asked for all its messages hears of each one.
        var followers = kind == RoomKind.Public && !news.IsEdit
            ? await db.RoomNotificationSettings
                .Where(s => s.RoomId == message.RoomId && s.Level == NotificationLevel.AllMessages && db.Users.Any(u => u.Id == s.UserId && !u.IsBanned && u.DeletedAt == null))
                .Select(s => s.UserId)
                .ToListAsync(cancellationToken)
            : [];
        var mentioned = (news.Everyone ? members : []).Concat(news.Mentioned)
            .Where(id => id != message.AuthorId && !viewers.IsViewing(id, message.RoomId))
            .ToHashSet();
        var levels = await RoomNotificationSettings.LevelsAsync(db, message.RoomId, kind, [.. members, .. followers, .. mentioned], cancellationToken);
        if (mentioned.Count > 0)
        {
            var notified = mentioned.Where(id => levels[id] != NotificationLevel.Nothing).ToList();
            await notifications.NotifyOrRefreshAsync(notified, NotificationKind.Mention, Payload(news), NotificationService.MentionKey(message.RoomId), cancellationToken);
            foreach (var id in notified)
            {
                await bus.PublishAsync<UserEvent>(EventTopics.User(id), new RoomMentions(message.RoomId, Unread: true));
            }
        }

        if (news.IsEdit)
        {
            return;
        }

        if (kind != RoomKind.Public)
        {
            // On SQLite, after any message or reaction waiting to be written: one writer at a time, none sleeping on a busy database.
            using (await writes.EnterAsync(db, cancellationToken, bulk: true))
            {
                await ReadMarks.MoveOnAsync(db, bus, message.AuthorId, message.RoomId, message.Sequence, cancellationToken);
            }
        }

        var toNotify = members.Concat(followers)
            .Where(id => id != message.AuthorId && levels[id] == NotificationLevel.AllMessages && !mentioned.Contains(id) && !viewers.IsViewing(id, message.RoomId))
            .ToList();
        await notifications.NotifyOrRefreshAsync(toNotify, NotificationKind.PrivateMessage, Payload(news), NotificationService.RoomMessageKey(message.RoomId), cancellationToken);

        var activity = new RoomActivity(message.RoomId, message.Sequence, message.AuthorId, message.Preview, message.CreatedAt);
        foreach (var member in members)
        {
            await bus.PublishAsync<UserEvent>(EventTopics.User(member), activity);
        }
    }

    private static NotificationPayload Payload(MessageNews news) =>
        new(news.Message.AuthorId, news.AuthorName, news.AuthorAvatarUrl, news.Message.RoomId, news.Message.Preview, news.Message.Id,
            news.Message.Sequence, news.Room.Kind == RoomKind.Private ? null : news.Room.Name);
}

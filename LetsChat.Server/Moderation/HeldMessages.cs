using System.Globalization;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>
/// Messages a blocked word held back: kept apart from the room (no sequence number, no search, no notification) until
/// a reviewer approves one, when it is posted as its author wrote it, as if sent then.
/// </summary>
public sealed class HeldMessages(
    IDbContextFactory<LetsChatDb> dbFactory,
    RoomAccess roomAccess,
    MessageStore store,
    MentionResolver mentions,
    RoomNews roomNews,
    ReviewNews news,
    IEventBus bus,
    TimeProvider time,
    ILogger<HeldMessages> logger)
{
    /// <summary>Holds a message for review and tells the room's reviewers. Sending the same message again holds it once.</summary>
    public async Task HoldAsync(RoomInfo room, long authorId, string authorName, Guid clientMessageId, string body, long? replyToId, IReadOnlyList<long> attachmentIds, BlockedWordMatch match)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.HeldMessages.AnyAsync(h => h.AuthorId == authorId && h.ClientMessageId == clientMessageId))
        {
            return;
        }

        var waiting = new HeldMessage
        {
            RoomId = room.Id,
            AuthorId = authorId,
            ClientMessageId = clientMessageId,
            Body = body,
            ReplyToId = replyToId,
            AttachmentIds = attachmentIds.Count == 0 ? null : string.Join(',', attachmentIds.Select(id => id.ToString(CultureInfo.InvariantCulture))),
            MatchedWord = match.Word,
            CreatedAt = time.GetUtcNow(),
        };
        db.HeldMessages.Add(waiting);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            return;
        }

        logger.Held(authorId, room.Id);
        var stored = await db.Rooms.Where(r => r.Id == room.Id).Select(r => new { r.OwnerId, r.ModeratorsAllowed }).SingleAsync();
        var where = room.Kind == RoomKind.Public ? "the public room" : room.Name;
        await news.TellAsync(
            new ReviewItem(ReviewNews.HeldKey(waiting.Id), $"A message from {authorName} in {where} is waiting for review", authorId, authorName, room.Id, null,
                ForModerators: ModerationPowers.OpenToModerators(room.Kind, stored.ModeratorsAllowed),
                OwnerId: room.Kind == RoomKind.Group ? stored.OwnerId : null),
            leaveOut: [authorId]);
    }

    /// <summary>Posts an approved message; refused when its author can no longer write in the room.</summary>
    public async Task<Outcome> PostAsync(HeldMessage waiting)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var author = await db.Users.Where(u => u.Id == waiting.AuthorId).Select(u => new { u.DisplayName, u.AvatarHash, u.ProviderAvatarUrl }).SingleOrDefaultAsync();
        if (author is null || await roomAccess.FindForUserAsync(waiting.AuthorId, waiting.RoomId) is not { CanWrite: true } room)
        {
            return Outcome.Refused("Its author can no longer write in this room, so the message was dropped.");
        }

        var resolved = await mentions.ResolveAsync(room, waiting.Body, CancellationToken.None);
        IReadOnlyList<long> files = waiting.AttachmentIds?.Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList() ?? [];
        var now = time.GetUtcNow();
        var replyTo = waiting.ReplyToId is { } original && await store.RoomOfAsync(original, CancellationToken.None) == room.Id ? waiting.ReplyToId : null;
        ChatMessage message;
        var note = string.Empty;
        try
        {
            (message, _) = await store.AppendAsync(room.Id, waiting.AuthorId, waiting.ClientMessageId, resolved.Body, now, CancellationToken.None, resolved.UserIds, replyTo, files);
        }
        catch (FilesGoneException)
        {
            // Its files were cleaned away while it waited: the words still go out.
            (message, _) = await store.AppendAsync(room.Id, waiting.AuthorId, waiting.ClientMessageId, resolved.Body, now, CancellationToken.None, resolved.UserIds, replyTo);
            note = " Its files had expired and were left out.";
        }

        await bus.PublishStoredAsync(new MessagePosted(message), logger);
        if (room.Kind != RoomKind.Public || resolved.Any)
        {
            await roomNews.TellAsync(new MessageNews(message, author.DisplayName, LetsChatClaims.AvatarUrl(author.AvatarHash, author.ProviderAvatarUrl), room, resolved.UserIds, resolved.Everyone));
        }

        return Outcome.Done($"The message of {author.DisplayName} is posted.{note}");
    }
}

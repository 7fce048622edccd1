using LetsChat.Components.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Chat;

/// <summary>Writes and reads messages. The database assigns each room's sequence numbers, so they have no gaps.</summary>
public sealed class MessageStore(IDbContextFactory<LetsChatDb> dbFactory, Metrics.LetsChatMetrics? metrics = null, SqliteWriteGate? writes = null, Files.IFileStore? files = null)
{
    private readonly SqliteWriteGate _writes = writes ?? new();

    /// <summary>The most messages one read returns, so that no request can ask for a whole room at once.</summary>
    public const int MaxPage = 200;

    /// <summary>The most messages one gap fill reads at once; a longer gap is read in several.</summary>
    public const int MaxBetween = 1_000;

    /// <summary>
    /// Stores the message with the room's next sequence number, unless this sender already stored one with this
    /// client id: then that one is returned and <c>Created</c> is false.
    /// </summary>
    /// <param name="mentions">The people the body's mention tokens name (see <see cref="MentionResolver"/>).</param>
    /// <param name="replyToId">The message this one answers, already checked to be in the same room.</param>
    public async Task<(ChatMessage Message, bool Created)> AppendAsync(
        long roomId, long authorId, Guid clientMessageId, string body, DateTimeOffset now, CancellationToken cancellationToken,
        IReadOnlyList<long>? mentions = null, long? replyToId = null, IReadOnlyList<long>? attachments = null)
    {
        // Stored to the millisecond, which both databases keep exactly, so the message told to screens is the one stored.
        now = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var author = await AuthorAsync(db, authorId, cancellationToken) ?? throw new InvalidOperationException($"No user {authorId} to write a message.");
        ChatMessage? stored = null;
        using (await _writes.EnterAsync(db, cancellationToken))
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                // The row lock taken by this UPDATE orders concurrent senders to the same room; others go on in parallel.
                var activity = StoredValue(db, now);
                var sequences = await db.Database
                    .SqlQuery<long>($"UPDATE \"Rooms\" SET \"LastSequence\" = \"LastSequence\" + 1, \"LastActivityAt\" = {activity} WHERE \"Id\" = {roomId} RETURNING \"LastSequence\" AS \"Value\"")
                    .ToListAsync(cancellationToken);
                if (sequences.Count == 0)
                {
                    // Deleted since the sender's access was checked.
                    throw new RoomGoneException(roomId);
                }

                // A resend of a stored message fails here on the unique client id, rather than being looked for before every send.
                var message = new Message
                {
                    RoomId = roomId,
                    Sequence = sequences[0],
                    AuthorId = authorId,
                    ClientMessageId = clientMessageId,
                    Body = body,
                    CreatedAt = now,
                    ReplyToId = replyToId,
                };
                db.Messages.Add(message);
                await db.SaveChangesAsync(cancellationToken);
                if (mentions is { Count: > 0 })
                {
                    db.MessageMentions.AddRange(mentions.Select(id => new MessageMention { MessageId = message.Id, UserId = id }));
                    await db.SaveChangesAsync(cancellationToken);
                }

                await AttachAsync(db, message, attachments, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                metrics?.MessageStored();
                stored = author.Of(message);
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
            {
                // The same message, resent: its first attempt was stored (perhaps while this one was on its way).
                await transaction.RollbackAsync(cancellationToken);
            }
        }

        if (stored is not null)
        {
            // A plain message has nothing more to show; one that mentions, answers or carries files reads those back.
            var plain = stored.ReplyTo is null && attachments is not { Count: > 0 } && !stored.Body.Contains("<@", StringComparison.Ordinal);
            return (plain ? stored : (await MessageDetails.AddAsync(db, [stored], cancellationToken))[0], true);
        }

        db.ChangeTracker.Clear();
        return (await FindByClientIdAsync(db, authorId, clientMessageId, cancellationToken)
            ?? throw new InvalidOperationException("A message collided on its client id but cannot be found."), false);
    }

    // The files become the message's, in the order the sender gave them, only if each is the sender's own, uploaded to
    // this room, and not sent yet.
    private static async Task AttachAsync(LetsChatDb db, Message message, IReadOnlyList<long>? attachments, CancellationToken cancellationToken)
    {
        for (var position = 0; position < (attachments?.Count ?? 0); position++)
        {
            var attachmentId = attachments![position];
            if (await db.Attachments.Where(a => a.Id == attachmentId && a.UploaderId == message.AuthorId && a.RoomId == message.RoomId && a.MessageId == null)
                    .ExecuteUpdateAsync(a => a.SetProperty(x => x.MessageId, message.Id).SetProperty(x => x.Position, position), cancellationToken) != 1)
            {
                throw new FilesGoneException();
            }
        }
    }

    // The instant as the database stores it (SQLite keeps a number; see SqliteLetsChatDb), for a statement written by hand.
    private static object StoredValue(LetsChatDb db, DateTimeOffset instant) =>
        db.Model.FindEntityType(typeof(Rooms.Room))!.FindProperty(nameof(Rooms.Room.LastActivityAt))!.GetTypeMapping().Converter?.ConvertToProvider(instant) ?? instant;

    private static Task<MessageAuthor?> AuthorAsync(LetsChatDb db, long authorId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == authorId)
            .Select(u => new { u.DisplayName, u.AvatarHash, u.ProviderAvatarUrl, Handle = u.DeletedAt == null ? u.Handle : null })
            .Select(u => new MessageAuthor(u.DisplayName, LetsChatClaims.AvatarUrl(u.AvatarHash, u.ProviderAvatarUrl), u.Handle))
            .SingleOrDefaultAsync(cancellationToken);

    // Who wrote a message being stored, as ToChatMessage would read them with it.
    private sealed record MessageAuthor(string DisplayName, string? AvatarUrl, string? Handle)
    {
        public ChatMessage Of(Message message) => new(
            message.Id, message.RoomId, message.Sequence, message.AuthorId, DisplayName, AvatarUrl, message.Body, message.CreatedAt,
            ClientMessageId: message.ClientMessageId,
            AuthorHandle: Handle,
            Version: message.Version,
            ReplyTo: message.ReplyToId is { } original ? Unquoted(original) : null);
    }

    // A reply's original by id alone, until MessageDetails makes the quote.
    private static ReplyQuote Unquoted(long originalId) => new(originalId, 0, 0, string.Empty, string.Empty, false);

    /// <summary>The newest <paramref name="count"/> messages, oldest first.</summary>
    public Task<IReadOnlyList<ChatMessage>> LatestAsync(long roomId, int count, CancellationToken cancellationToken) =>
        BeforeAsync(roomId, long.MaxValue, count, cancellationToken);

    /// <summary>Messages with sequence numbers after <paramref name="afterSequence"/> and before <paramref name="beforeSequence"/>, in order.</summary>
    public async Task<IReadOnlyList<ChatMessage>> BetweenAsync(long roomId, long afterSequence, long beforeSequence, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var page = await Rows(db, m => m.RoomId == roomId && m.Sequence > afterSequence && m.Sequence < beforeSequence)
            .OrderBy(r => r.Message.Sequence)
            .Take(MaxBetween)
            .Select(ToChatMessage)
            .ToListAsync(cancellationToken);
        return await MessageDetails.AddAsync(db, page, cancellationToken);
    }

    /// <summary>Up to <paramref name="count"/> messages before <paramref name="beforeSequence"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ChatMessage>> BeforeAsync(long roomId, long beforeSequence, int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var newestFirst = await Rows(db, m => m.RoomId == roomId && m.Sequence < beforeSequence)
            .OrderByDescending(r => r.Message.Sequence)
            .Take(Math.Clamp(count, 0, MaxPage))
            .Select(ToChatMessage)
            .ToListAsync(cancellationToken);
        newestFirst.Reverse();
        return await MessageDetails.AddAsync(db, newestFirst, cancellationToken);
    }

    /// <summary>The message, as stored, with its room; null when there is none with this id.</summary>
    public async Task<ChatMessage?> FindAsync(long messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await OneAsync(db, m => m.Id == messageId, cancellationToken);
    }

    /// <summary>The room a message is in; null when there is no message with this id.</summary>
    public async Task<long?> RoomOfAsync(long messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Messages.Where(m => m.Id == messageId).Select(m => (long?)m.RoomId).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces the body (and the people it mentions) of a message that is not deleted; returns it as it is now, or null
    /// if it was deleted meanwhile.
    /// </summary>
    public async Task<ChatMessage?> EditAsync(long messageId, string body, IReadOnlyList<long> mentions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Messages.Where(m => m.Id == messageId && m.DeletedAt == null)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.Body, body).SetProperty(x => x.EditedAt, now).SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        if (changed == 0)
        {
            return null;
        }

        await db.MessageMentions.Where(m => m.MessageId == messageId).ExecuteDeleteAsync(cancellationToken);
        db.MessageMentions.AddRange(mentions.Select(id => new MessageMention { MessageId = messageId, UserId = id }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await OneAsync(db, m => m.Id == messageId, cancellationToken);
    }

    /// <summary>Marks a message deleted and forgets its text; <paramref name="deletedById"/> is who did it.</summary>
    public async Task<ChatMessage?> DeleteAsync(long messageId, long deletedById, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.Messages.Where(m => m.Id == messageId && m.DeletedAt == null)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.Body, string.Empty).SetProperty(x => x.DeletedAt, now).SetProperty(x => x.DeletedById, deletedById).SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        if (changed == 0)
        {
            return null;
        }

        await ForgetFilesAsync(db, messageId, cancellationToken);
        return await OneAsync(db, m => m.Id == messageId, cancellationToken);
    }

    // A deleted message's files go with its text: the rows, and the content nothing else refers to.
    private Task<int> ForgetFilesAsync(LetsChatDb db, long messageId, CancellationToken cancellationToken) =>
        Files.AttachmentRemoval.DeleteAsync(db, db.Attachments.Where(a => a.MessageId == messageId), files, cancellationToken);

    private static Task<ChatMessage?> FindByClientIdAsync(LetsChatDb db, long authorId, Guid clientMessageId, CancellationToken cancellationToken) =>
        OneAsync(db, m => m.AuthorId == authorId && m.ClientMessageId == clientMessageId, cancellationToken);

    // The one message the filter names, with its reactions; null when there is none.
    private static async Task<ChatMessage?> OneAsync(LetsChatDb db, Expression<Func<Message, bool>> filter, CancellationToken cancellationToken) =>
        await Rows(db, filter).Select(ToChatMessage).SingleOrDefaultAsync(cancellationToken) is { } found
            ? (await MessageDetails.AddAsync(db, [found], cancellationToken))[0]
            : null;

    internal static IQueryable<MessageRow> Rows(LetsChatDb db, Expression<Func<Message, bool>> filter) =>
        from m in db.Messages.Where(filter)
        join u in db.Users on m.AuthorId equals u.Id
        select new MessageRow { Message = m, Author = u };

    // A reply carries its original's id here; MessageDetails makes the quote.
    internal static readonly Expression<Func<MessageRow, ChatMessage>> ToChatMessage = r => new ChatMessage(
        r.Message.Id,
        r.Message.RoomId,
        r.Message.Sequence,
        r.Message.AuthorId,
        r.Author.DisplayName,
        r.Author.AvatarHash != null ? "/avatars/" + r.Author.AvatarHash + ".webp" : r.Author.ProviderAvatarUrl,
        r.Message.DeletedAt == null ? r.Message.Body : string.Empty,
        r.Message.CreatedAt,
        r.Message.EditedAt,
        r.Message.DeletedAt != null,
        r.Message.ClientMessageId,
        r.Message.DeletedById != null && r.Message.DeletedById != r.Message.AuthorId,
        r.Author.DeletedAt == null ? r.Author.Handle : null,
        r.Message.Version,
        null,
        r.Message.ReplyToId != null ? Unquoted(r.Message.ReplyToId.Value) : null,
        null);

    internal sealed class MessageRow
    {
        public required Message Message { get; init; }
        public required User Author { get; init; }
    }
}

/// <summary>Files named in a send that are not the sender's unsent uploads to that room; nothing was stored.</summary>
public sealed class FilesGoneException() : Exception("Files named in a send cannot be attached.");

/// <summary>The room a message was meant for no longer exists (deleted while the message was on its way).</summary>
public sealed class RoomGoneException(long roomId) : Exception($"Room {roomId} no longer exists.");

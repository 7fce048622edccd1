using LetsChat.Components.Chat;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Chat;

/// <summary>
/// What a page of messages shows besides their own rows: reactions, the people they mention (with their names now),
/// and the quote of the message each reply answers (as that message is now). One query for each that the page needs.
/// </summary>
internal static class MessageDetails
{
    public static async Task<List<ChatMessage>> AddAsync(LetsChatDb db, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        messages = await ReactionStore.WithReactionsAsync(db, messages, cancellationToken);
        messages = await WithMentionsAsync(db, messages, cancellationToken);
        messages = await WithAttachmentsAsync(db, messages, cancellationToken);
        return await WithQuotesAsync(db, messages, cancellationToken);
    }

    private static async Task<List<ChatMessage>> WithAttachmentsAsync(LetsChatDb db, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Where(m => !m.IsDeleted).Select(m => (long?)m.Id).ToList();
        if (ids.Count == 0)
        {
            return messages;
        }

        var files = await db.Attachments.Where(a => ids.Contains(a.MessageId)).OrderBy(a => a.Position).ThenBy(a => a.Id)
            .Select(a => new { a.MessageId, File = new ChatAttachment(a.Id, a.FileName, a.ContentType, a.Kind == Files.FileKind.Image, a.Length, a.Width, a.Height) })
            .ToListAsync(cancellationToken);
        if (files.Count == 0)
        {
            return messages;
        }

        var byMessage = files.GroupBy(f => f.MessageId!.Value).ToDictionary(g => g.Key, g => (IReadOnlyList<ChatAttachment>)[.. g.Select(f => f.File)]);
        return Apply(messages, byMessage, (message, attached) => message with { Attachments = attached });
    }

    /// <summary>Gives each message that has an entry in <paramref name="byMessage"/> what <paramref name="apply"/> makes of it.</summary>
    internal static List<ChatMessage> Apply<T>(List<ChatMessage> messages, Dictionary<long, T> byMessage, Func<ChatMessage, T, ChatMessage> apply)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            if (byMessage.TryGetValue(messages[i].Id, out var value))
            {
                messages[i] = apply(messages[i], value);
            }
        }

        return messages;
    }

    private static async Task<List<ChatMessage>> WithMentionsAsync(LetsChatDb db, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Where(m => !m.IsDeleted && m.Body.Contains("<@", StringComparison.Ordinal)).Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return messages;
        }

        var rows = await (
            from mention in db.MessageMentions
            where ids.Contains(mention.MessageId)
            join u in db.Users on mention.UserId equals u.Id
            select new { mention.MessageId, u.Id, u.DisplayName, Handle = u.DeletedAt == null ? u.Handle : null })
            .ToListAsync(cancellationToken);
        var byMessage = rows.GroupBy(r => r.MessageId).ToDictionary(g => g.Key, g => (IReadOnlyList<Mention>)[.. g.Select(r => new Mention(r.Id, r.DisplayName, r.Handle))]);
        return Apply(messages, byMessage, (message, mentions) => message with { Mentions = mentions });
    }

    // A reply read from the store carries only its original's id (see MessageStore); the quote is made from the original as it is now.
    private static async Task<List<ChatMessage>> WithQuotesAsync(LetsChatDb db, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Where(m => m.ReplyTo is not null).Select(m => m.ReplyTo!.MessageId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return messages;
        }

        var originals = await MessageStore.Rows(db, m => ids.Contains(m.Id)).Select(MessageStore.ToChatMessage).ToListAsync(cancellationToken);
        var quotes = (await WithMentionsAsync(db, originals, cancellationToken)).ToDictionary(m => m.Id, ReplyQuote.Of);
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].ReplyTo is { } reply && quotes.TryGetValue(reply.MessageId, out var quote))
            {
                messages[i] = messages[i] with { ReplyTo = quote };
            }
        }

        return messages;
    }
}

using LetsChat.Components.Chat;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Chat;

/// <summary>
/// Reactions: toggled one at a time per message (under the message's row lock, which also moves its version on), and
/// read with the messages they belong to.
/// </summary>
public sealed class ReactionStore(IDbContextFactory<LetsChatDb> dbFactory, SqliteWriteGate writes)
{
    public static readonly string TooMany = $"A message can carry at most {ReactionGroup.MaxPerMessage} different emoji.";

    /// <summary>Gives the user's <paramref name="emoji"/> to the message, or takes it back when they had given it.</summary>
    /// <returns>Null when done; otherwise why not, and nothing changed.</returns>
    public async Task<string?> ToggleAsync(long messageId, long userId, string emoji, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using var writer = await writes.EnterAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Taken first: its row lock orders toggles of one message, so the cap holds and each version shows one state.
        var live = await db.Messages.Where(m => m.Id == messageId && m.DeletedAt == null)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        if (live == 0)
        {
            return ChatService.MessageWasDeleted;
        }

        var mine = db.Reactions.Where(r => r.MessageId == messageId && r.UserId == userId && r.Emoji == emoji);
        if (await mine.ExecuteDeleteAsync(cancellationToken) == 0)
        {
            var given = await db.Reactions.Where(r => r.MessageId == messageId).Select(r => r.Emoji).Distinct().ToListAsync(cancellationToken);
            if (!given.Contains(emoji) && given.Count >= ReactionGroup.MaxPerMessage)
            {
                await transaction.RollbackAsync(cancellationToken);
                return TooMany;
            }

            db.Reactions.Add(new Reaction { MessageId = messageId, UserId = userId, Emoji = emoji, CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>The emoji the user gave most recently, newest first, each once.</summary>
    public async Task<IReadOnlyList<string>> RecentAsync(long userId, int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var latest = await db.Reactions.Where(r => r.UserId == userId)
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => r.Emoji)
            .Take(count * 4)
            .ToListAsync(cancellationToken);
        return [.. latest.Distinct().Take(count)];
    }

    /// <summary>The messages with their reactions (none on a deleted one), emoji in the order first given.</summary>
    internal static async Task<List<ChatMessage>> WithReactionsAsync(LetsChatDb db, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Where(m => !m.IsDeleted).Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return messages;
        }

        var rows = await (
            from r in db.Reactions
            where ids.Contains(r.MessageId)
            join u in db.Users on r.UserId equals u.Id
            orderby r.CreatedAt
            select new { r.MessageId, r.Emoji, r.UserId, u.DisplayName })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return messages;
        }

        var byMessage = rows.GroupBy(r => r.MessageId).ToDictionary(
            m => m.Key,
            m => (IReadOnlyList<ReactionGroup>)[.. m.GroupBy(r => r.Emoji).Select(e => new ReactionGroup(e.Key, [.. e.Select(r => new Reactor(r.UserId, r.DisplayName))]))]);
        return MessageDetails.Apply(messages, byMessage, (message, groups) => message with { Reactions = groups });
    }
}

using System.Text.RegularExpressions;
using LetsChat.Components.Moderation;
using LetsChat.Components.Shared;
using LetsChat.Server.Admin;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>A blocked word found in a message: the word as moderators wrote it, and what to do.</summary>
public sealed record BlockedWordMatch(string Word, BlockedWordAction Action);

/// <summary>
/// The blocked-word list, held in memory by every instance and read again when any instance's moderators change it
/// (announced on the moderation topic) and at least every minute, so that an announcement lost while Redis was away
/// costs a minute, not forever. A word matches whole, ignoring case; a trailing <c>*</c> matches any ending.
/// </summary>
public sealed class BlockedWords(IDbContextFactory<LetsChatDb> dbFactory, IEventBus bus, DeliveryLanes lanes, TimeProvider time) : IHostedService, IDisposable
{
    public const int MaxLength = 100;
    public const int MaxWords = 1000;
    private static readonly TimeSpan ReadAgainAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private volatile Snapshot? _snapshot;
    private OrderedSubscription<UserEvent>? _changes;

    /// <summary>The first word of the list the text contains, refusals before holds; null when it contains none.</summary>
    public async Task<BlockedWordMatch?> MatchAsync(string text, CancellationToken cancellationToken = default)
    {
        var snapshot = _snapshot;
        if (snapshot is null || time.GetUtcNow() - snapshot.ReadAt > ReadAgainAfter)
        {
            snapshot = _snapshot = await ReadAsync(cancellationToken);
        }

        foreach (var entry in snapshot.Words)
        {
            try
            {
                if (entry.Pattern.IsMatch(text))
                {
                    return new BlockedWordMatch(entry.Word, entry.Action);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological text against one word: treat it as a match rather than let it through unchecked.
                return new BlockedWordMatch(entry.Word, entry.Action);
            }
        }

        return null;
    }

    /// <summary>Forgets the list on this instance (its own moderators just changed it); the next check reads it.</summary>
    public void Forget() => _snapshot = null;

    /// <summary>The normal form the list is unique in, or null for a word that cannot be one.</summary>
    public static string? Normalize(string? word)
    {
        var line = PlainText.Line(word, MaxLength + 1);
        if (line is null || line.Length > MaxLength || line.Trim('*').Length == 0)
        {
            return null;
        }

        return line.ToUpperInvariant();
    }

    /// <summary>A word (or phrase) as a whole-word, case-blind pattern; spaces inside match any run of spaces.</summary>
    internal static Regex Pattern(string word)
    {
        var prefix = word.EndsWith('*');
        var core = Regex.Escape(word.TrimEnd('*').Trim());
        core = Regex.Replace(core, @"(\\ )+", @"\s+");
        var pattern = $@"(?<![\p{{L}}\p{{N}}_]){core}{(prefix ? @"[\p{L}\p{N}_]*" : string.Empty)}(?![\p{{L}}\p{{N}}_])";
        return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _changes = new OrderedSubscription<UserEvent>(bus, lanes, AdminTopics.Moderation, _ =>
        {
            Forget();
            return Task.CompletedTask;
        }, accept: e => e is BlockedWordsChanged);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _changes?.Dispose();

    private async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var words = await db.BlockedWords.AsNoTracking()
            .OrderBy(w => w.Action == BlockedWordAction.Refuse ? 0 : 1).ThenBy(w => w.Id)
            .Select(w => new { w.Word, w.Action })
            .ToListAsync(cancellationToken);
        return new Snapshot(time.GetUtcNow(), words.Select(w => new Entry(w.Word, w.Action, Pattern(w.Word))).ToList());
    }

    private sealed record Entry(string Word, BlockedWordAction Action, Regex Pattern);

    private sealed record Snapshot(DateTimeOffset ReadAt, IReadOnlyList<Entry> Words);
}

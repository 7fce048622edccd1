using System.Collections.Frozen;

namespace LetsChat.Components.Chat.Reactions;

/// <summary>One emoji of the picker: the emoji itself, its name, and the words that find it.</summary>
public sealed record EmojiEntry(string Emoji, string Name, string Keywords);

/// <summary>A group of the picker ("smileys & emotion", "food & drink"…), in Unicode's order.</summary>
public sealed record EmojiGroup(string Name, IReadOnlyList<EmojiEntry> Emoji);

/// <summary>
/// Every emoji people may react with, from emojibase-data (emoji.tsv, made by tools/emoji/generate.py), loaded once.
/// A reaction is refused unless its emoji is here, so no text, markup or invisible character ever becomes one.
/// </summary>
public sealed class EmojiCatalog
{
    private readonly FrozenDictionary<string, EmojiEntry> _byEmoji;

    public EmojiCatalog()
    {
        using var stream = typeof(EmojiCatalog).Assembly.GetManifestResourceStream("LetsChat.Components.Chat.Reactions.emoji.tsv")
            ?? throw new InvalidOperationException("The emoji data is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var groups = new List<(string Name, List<EmojiEntry> Emoji)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (groups.Count == 0 || groups[^1].Name != fields[0])
            {
                groups.Add((fields[0], []));
            }

            groups[^1].Emoji.Add(new EmojiEntry(fields[1], fields[2], fields.Length > 3 ? fields[3] : string.Empty));
        }

        Groups = [.. groups.Select(g => new EmojiGroup(g.Name, g.Emoji))];
        _byEmoji = Groups.SelectMany(g => g.Emoji).DistinctBy(e => e.Emoji).ToFrozenDictionary(e => e.Emoji, StringComparer.Ordinal);
    }

    public IReadOnlyList<EmojiGroup> Groups { get; }

    /// <summary>Whether people may react with <paramref name="emoji"/>.</summary>
    public bool Contains(string? emoji) => Normalize(emoji) is not null;

    /// <summary>
    /// The catalog's own form of <paramref name="emoji"/> (keyboards differ on the variation selector U+FE0F), or null
    /// when it is not an emoji people may react with.
    /// </summary>
    public string? Normalize(string? emoji)
    {
        if (string.IsNullOrEmpty(emoji) || emoji.Length > 32)
        {
            return null;
        }

        if (_byEmoji.ContainsKey(emoji))
        {
            return emoji;
        }

        var without = emoji.Replace("\uFE0F", string.Empty, StringComparison.Ordinal);
        return _byEmoji.ContainsKey(without) ? without : _byEmoji.ContainsKey(without + "\uFE0F") ? without + "\uFE0F" : null;
    }

    public EmojiEntry? Find(string emoji) => _byEmoji.GetValueOrDefault(emoji);

    /// <summary>Emoji whose name or keywords hold every word of <paramref name="query"/>, names starting with it first.</summary>
    public IReadOnlyList<EmojiEntry> Search(string? query, int max = 80)
    {
        var words = (query ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return [];
        }

        return [.. _byEmoji.Values
            .Where(e => words.All(w => e.Name.Contains(w, StringComparison.OrdinalIgnoreCase) || e.Keywords.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(e => e.Name.StartsWith(words[0], StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(e => e.Name.Length)
            .Take(max)];
    }
}

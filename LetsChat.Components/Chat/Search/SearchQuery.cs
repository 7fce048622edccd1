using System.Globalization;
using System.Text;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Chat.Search;

/// <summary>
/// What a search box's text asks for: words, quoted phrases and words to leave out, and the filters <c>from:@handle</c>,
/// <c>in:room</c> (quoted when it has spaces), <c>has:file</c>, <c>has:link</c>, <c>before:</c> and <c>after:</c>
/// (yyyy-mm-dd). Parsed once, here, for the screen's chips and for the server's query alike; nothing typed reaches a
/// database as syntax (each provider quotes every term itself). What cannot be understood is named in
/// <see cref="Problems"/> and left out, never guessed.
/// </summary>
public sealed record SearchQuery(
    IReadOnlyList<string> Words,
    IReadOnlyList<string> Phrases,
    IReadOnlyList<string> Excluded,
    string? FromHandle = null,
    string? InRoom = null,
    bool HasFile = false,
    bool HasLink = false,
    DateOnly? Before = null,
    DateOnly? After = null,
    IReadOnlyList<string>? Problems = null)
{
    public const int MaxLength = 500;
    public const int MaxTerms = 20;

    public static readonly SearchQuery Empty = new([], [], []);

    public IReadOnlyList<string> Problems { get; init; } = Problems ?? [];

    /// <summary>True when there is something to look for: a word or phrase, or at least one filter.</summary>
    public bool IsEmpty => Words.Count == 0 && Phrases.Count == 0 && !HasFilters;

    /// <summary>True when a filter (<c>from:</c>, <c>in:</c>, <c>has:</c>, a date) narrows the search.</summary>
    public bool HasFilters => FromHandle is not null || InRoom is not null || HasFile || HasLink || Before is not null || After is not null;

    public static SearchQuery Parse(string? text)
    {
        var problems = new List<string>();
        var cleaned = PlainText.Clean(text, keepLineBreaks: false).Trim();
        if (cleaned.Length > MaxLength)
        {
            problems.Add($"Searches can be at most {MaxLength} characters; the rest was left out.");
            cleaned = cleaned[..MaxLength];
        }

        var query = new Builder(problems);
        foreach (var token in Tokens(cleaned))
        {
            if (query.Terms >= MaxTerms)
            {
                problems.Add($"Searches can have at most {MaxTerms} terms; the rest were left out.");
                break;
            }

            query.Add(token);
        }

        return query.Build();
    }

    /// <summary>The query written back as text (what the chips and the box show), in a fixed order.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        parts.AddRange(Words);
        parts.AddRange(Phrases.Select(Quote));
        parts.AddRange(Excluded.Select(e => "-" + (e.Contains(' ', StringComparison.Ordinal) ? Quote(e) : e)));
        if (FromHandle is not null)
        {
            parts.Add($"from:@{FromHandle}");
        }

        if (InRoom is not null)
        {
            parts.Add("in:" + (InRoom.Contains(' ', StringComparison.Ordinal) ? Quote(InRoom) : InRoom));
        }

        if (HasFile)
        {
            parts.Add("has:file");
        }

        if (HasLink)
        {
            parts.Add("has:link");
        }

        if (After is { } after)
        {
            parts.Add($"after:{after:yyyy-MM-dd}");
        }

        if (Before is { } before)
        {
            parts.Add($"before:{before:yyyy-MM-dd}");
        }

        return string.Join(' ', parts);
    }

    private static string Quote(string text) => $"\"{text}\"";

    /// <summary>A token as typed: an optional leading '-', an optional <c>key:</c>, and its text (quotes taken off).</summary>
    private readonly record struct Token(bool Negated, string? Key, string Text, bool Quoted);

    // Splits on spaces outside quotes; a quote left open runs to the end.
    private static IEnumerable<Token> Tokens(string text)
    {
        var at = 0;
        while (at < text.Length)
        {
            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            if (at >= text.Length)
            {
                yield break;
            }

            var negated = text[at] == '-' && at + 1 < text.Length && !char.IsWhiteSpace(text[at + 1]);
            if (negated)
            {
                at++;
            }

            string? key = null;
            var keyEnd = text.IndexOf(':', at);
            var space = text.IndexOfAny([' ', '"'], at);
            if (keyEnd > at && (space < 0 || keyEnd < space) && text.AsSpan(at, keyEnd - at) is var candidate && IsKey(candidate))
            {
                key = candidate.ToString().ToLowerInvariant();
                at = keyEnd + 1;
            }

            var value = new StringBuilder();
            var quoted = at < text.Length && text[at] == '"';
            if (quoted)
            {
                var close = text.IndexOf('"', at + 1);
                var end = close < 0 ? text.Length : close;
                value.Append(text, at + 1, end - at - 1);
                at = close < 0 ? text.Length : close + 1;
            }
            else
            {
                while (at < text.Length && !char.IsWhiteSpace(text[at]))
                {
                    value.Append(text[at++]);
                }
            }

            var trimmed = value.ToString().Trim();
            if (trimmed.Length > 0 || key is not null)
            {
                yield return new Token(negated, key, trimmed, quoted);
            }
        }
    }

    private static bool IsKey(ReadOnlySpan<char> text) =>
        text.Equals("from", StringComparison.OrdinalIgnoreCase) || text.Equals("in", StringComparison.OrdinalIgnoreCase)
        || text.Equals("has", StringComparison.OrdinalIgnoreCase) || text.Equals("before", StringComparison.OrdinalIgnoreCase)
        || text.Equals("after", StringComparison.OrdinalIgnoreCase);

    private sealed class Builder(List<string> problems)
    {
        private readonly List<string> _words = [];
        private readonly List<string> _phrases = [];
        private readonly List<string> _excluded = [];
        private string? _from;
        private string? _in;
        private bool _hasFile;
        private bool _hasLink;
        private DateOnly? _before;
        private DateOnly? _after;

        public int Terms { get; private set; }

        public void Add(Token token)
        {
            Terms++;
            if (token.Negated && token.Key is not null)
            {
                problems.Add($"-{token.Key}: cannot be used; leave the {token.Key}: filter out instead.");
                return;
            }

            switch (token.Key)
            {
                case null when token.Negated:
                    _excluded.Add(token.Text);
                    break;
                case null when token.Quoted && token.Text.Contains(' ', StringComparison.Ordinal):
                    _phrases.Add(token.Text);
                    break;
                case null:
                    _words.Add(token.Text);
                    break;
                case "from":
                    var handle = token.Text.TrimStart('@');
                    if (Profiles.HandleRule.IsValid(handle))
                    {
                        _from = handle;
                    }
                    else
                    {
                        problems.Add("from: takes someone's handle, like from:@ada.");
                    }

                    break;
                case "in" when token.Text.Length is > 0 and <= 100:
                    _in = token.Text.TrimStart('#');
                    break;
                case "in":
                    problems.Add("in: takes a room's name, in quotes when it has spaces: in:\"Book club\".");
                    break;
                case "has" when token.Text.Equals("file", StringComparison.OrdinalIgnoreCase) || token.Text.Equals("files", StringComparison.OrdinalIgnoreCase):
                    _hasFile = true;
                    break;
                case "has" when token.Text.Equals("link", StringComparison.OrdinalIgnoreCase) || token.Text.Equals("links", StringComparison.OrdinalIgnoreCase):
                    _hasLink = true;
                    break;
                case "has":
                    problems.Add("has: takes file or link.");
                    break;
                case "before" or "after":
                    if (DateOnly.TryParseExact(token.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        if (token.Key == "before")
                        {
                            _before = date;
                        }
                        else
                        {
                            _after = date;
                        }
                    }
                    else
                    {
                        problems.Add($"{token.Key}: takes a date like {token.Key}:2026-12-31.");
                    }

                    break;
            }
        }

        public SearchQuery Build()
        {
            if (_before is { } before && _after is { } after && after >= before)
            {
                problems.Add("after: must come before before:; no message can be in both.");
            }

            return new SearchQuery(_words, _phrases, _excluded, _from, _in, _hasFile, _hasLink, _before, _after, problems);
        }
    }
}

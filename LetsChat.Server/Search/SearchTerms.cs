using System.Globalization;
using System.Text;
using LetsChat.Components.Chat.Search;

namespace LetsChat.Server.Search;

/// <summary>
/// A query's text as the index sees it: each word cut into lexemes (runs of letters and digits, lower case), the way
/// SQLite's unicode61 tokenizer and PostgreSQL's 'simple' configuration cut message bodies. Words match as prefixes (a
/// search as one types: "meet" finds "meeting"), phrases match whole and in order, and excluded words leave out every
/// message that has them. Lexemes hold letters and digits only, so no search syntax a user types reaches either
/// database: each provider writes its own query from these.
/// </summary>
public sealed record SearchTerms(IReadOnlyList<string> Prefixes, IReadOnlyList<IReadOnlyList<string>> Phrases, IReadOnlyList<string> Excluded)
{
    /// <summary>Whether there is a word or phrase to match; with none, only filters choose the messages.</summary>
    public bool HasText => Prefixes.Count > 0 || Phrases.Count > 0;

    public static SearchTerms From(SearchQuery query)
    {
        var prefixes = new List<string>();
        var phrases = new List<IReadOnlyList<string>>();
        foreach (var word in query.Words)
        {
            var lexemes = Lexemes(word);
            if (lexemes.Count == 1)
            {
                prefixes.Add(lexemes[0]);
            }
            else if (lexemes.Count > 1)
            {
                // "e-mail" or "3.14": the pieces, next to each other.
                phrases.Add(lexemes);
            }
        }

        foreach (var phrase in query.Phrases)
        {
            if (Lexemes(phrase) is { Count: > 0 } lexemes)
            {
                phrases.Add(lexemes);
            }
        }

        var excluded = query.Excluded.SelectMany(Lexemes).Distinct(StringComparer.Ordinal).ToList();
        return new SearchTerms(prefixes.Distinct(StringComparer.Ordinal).ToList(), phrases, excluded);
    }

    /// <summary>The runs of letters, digits and combining marks in <paramref name="text"/>, in lower case.</summary>
    public static IReadOnlyList<string> Lexemes(string text)
    {
        var lexemes = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var wordPart = Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
            if (wordPart)
            {
                current.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else if (current.Length > 0)
            {
                lexemes.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            lexemes.Add(current.ToString());
        }

        return lexemes;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.Search;

namespace LetsChat.Server.Search;

/// <summary>
/// Snippets as the databases cut them: matches between two control characters no stored body can hold
/// (<see cref="Components.Shared.PlainText"/> removes them), split here into plain parts the screen writes as text.
/// </summary>
public static partial class Snippets
{
    public const char Start = '\u0002';
    public const char End = '\u0003';

    /// <summary>What a message shows when nothing in its text was searched for (a search by filters only).</summary>
    public const int PlainLength = 200;

    /// <summary>The parts of a marked snippet, each mention token shown as <c>@Name</c> (<paramref name="names"/> by id).</summary>
    public static IReadOnlyList<SnippetPart> Parse(string marked, IReadOnlyDictionary<long, string> names)
    {
        var parts = new List<SnippetPart>();
        var text = ShowMentions(marked, names).ReplaceLineEndings(" ");
        var at = 0;
        while (at < text.Length)
        {
            var start = text.IndexOf(Start, at);
            if (start < 0)
            {
                Add(parts, text[at..], isMatch: false);
                break;
            }

            Add(parts, text[at..start], isMatch: false);
            var end = text.IndexOf(End, start + 1);
            var stop = end < 0 ? text.Length : end;
            Add(parts, text[(start + 1)..stop], isMatch: true);
            at = end < 0 ? text.Length : end + 1;
        }

        return parts;
    }

    /// <summary>The start of a body that nothing was matched in, on one line.</summary>
    public static string Opening(string body) =>
        body.Length <= PlainLength ? body : string.Concat(body.AsSpan(0, PlainLength).TrimEnd(), "…");

    /// <summary>The ids of the people mention tokens in <paramref name="text"/> name.</summary>
    public static IEnumerable<long> MentionedIds(string text) =>
        MentionText.Tokens().Matches(text).Select(m => m.Groups[1].Value)
            .Where(v => v != MentionText.Everyone)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture));

    private static string ShowMentions(string text, IReadOnlyDictionary<long, string> names) =>
        MentionText.Tokens().Replace(text, token =>
        {
            var value = token.Groups[1].Value;
            return value == MentionText.Everyone ? "@" + MentionText.Everyone
                : names.TryGetValue(long.Parse(value, CultureInfo.InvariantCulture), out var name) ? "@" + name : token.Value;
        });

    [GeneratedRegex(@"\*\*|__|~~|`+|[\u0002\u0003]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownMarks();

    private static void Add(List<SnippetPart> parts, string text, bool isMatch)
    {
        // Markdown's bold, strike and code marks read as noise in a line of plain text.
        var clean = MarkdownMarks().Replace(text, string.Empty);
        if (clean.Length == 0)
        {
            return;
        }

        // Two matches side by side ("meet" and "meeting" in one phrase) read as one.
        if (parts.Count > 0 && parts[^1].IsMatch == isMatch)
        {
            parts[^1] = new SnippetPart(parts[^1].Text + clean, isMatch);
            return;
        }

        parts.Add(new SnippetPart(clean, isMatch));
    }
}

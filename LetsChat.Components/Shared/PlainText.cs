using System.Globalization;
using System.Text;

namespace LetsChat.Components.Shared;

/// <summary>
/// Makes user text safe to store and show, one rule for every writer: valid Unicode (a lone surrogate becomes U+FFFD,
/// since PostgreSQL refuses it), no NUL or other control characters but line breaks and tabs, no invisible format
/// characters (bidi overrides and isolates, zero-width spaces, word joiners, byte order marks, tag characters) except
/// the joiners that scripts and emoji need, and at most a few combining marks on one character. Names go further
/// (<see cref="IsBlankLookalike"/>).
/// </summary>
public static class PlainText
{
    /// <summary>Combining marks kept on one character: enough for any script, not for a tower of them ("zalgo").</summary>
    public const int MaxCombiningMarks = 4;

    private const int BlackFlag = 0x1F3F4;
    private const int CancelTag = 0xE007F;

    /// <summary>Message bodies and descriptions: the cleaned text, line breaks kept unless said otherwise.</summary>
    public static string Clean(string? text, bool keepLineBreaks = true)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cleaned = new StringBuilder(text.Length);
        var marks = 0;
        var inFlagTags = false;
        foreach (var rune in text.Replace("\r\n", "\n", StringComparison.Ordinal).EnumerateRunes())
        {
            var value = rune.Value;
            if (value is '\n' or '\r' or '\t')
            {
                cleaned.Append(keepLineBreaks ? (value == '\r' ? '\n' : (char)value) : ' ');
                marks = 0;
                continue;
            }

            // Tag characters only spell a subdivision flag after a black flag (🏴 England, Scotland, Wales).
            if (value is >= 0xE0000 and <= CancelTag)
            {
                if (inFlagTags)
                {
                    cleaned.Append(rune.ToString());
                    inFlagTags = value != CancelTag;
                }

                continue;
            }

            inFlagTags = value == BlackFlag;
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Control || (category == UnicodeCategory.Format && !IsNeededJoiner(value)))
            {
                continue;
            }

            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                if (++marks > MaxCombiningMarks)
                {
                    continue;
                }
            }
            else
            {
                marks = 0;
            }

            cleaned.Append(rune.ToString());
        }

        return cleaned.ToString();
    }

    /// <summary>
    /// One line of free text (a ban or mute reason, an audit note): cleaned, on one line, trimmed, and cut to
    /// <paramref name="maxLength"/> between characters as people see them; null when nothing is left.
    /// </summary>
    public static string? Line(string? text, int maxLength) =>
        Clean(text, keepLineBreaks: false).Trim() is { Length: > 0 } line ? Cut(line, maxLength) : null;

    /// <summary>
    /// Characters that show as blank space but are not spaces (Hangul fillers, the blank braille pattern): in a name
    /// they make someone look nameless, or like someone else.
    /// </summary>
    public static bool IsBlankLookalike(int value) => value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;

    /// <summary><paramref name="text"/> cut to at most <paramref name="maxLength"/> UTF-16 units, never inside a character as people see it.</summary>
    public static string Cut(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var length = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var next = elements.GetTextElement().Length;
            if (length + next > maxLength)
            {
                break;
            }

            length += next;
        }

        return text[..length].TrimEnd();
    }

    // The zero-width non-joiner and joiner shape Persian, Indic scripts and emoji sequences.
    private static bool IsNeededJoiner(int value) => value is 0x200C or 0x200D;
}

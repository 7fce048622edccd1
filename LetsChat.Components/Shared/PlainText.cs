using System.Globalization;
using System.Text;

namespace LetsChat.Components.Shared;

/// <summary>
/// Makes user text safe to store and show: valid Unicode (a lone surrogate becomes U+FFFD, since PostgreSQL refuses
/// it), no NUL or other control characters but line breaks and tabs, and no bidi overrides or isolates that could
/// make text read differently from what it is.
/// </summary>
public static class PlainText
{
    public static string Clean(string? text, bool keepLineBreaks = true)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cleaned = new StringBuilder(text.Length);
        foreach (var rune in text.Replace("\r\n", "\n", StringComparison.Ordinal).EnumerateRunes())
        {
            var value = rune.Value;
            if (value is '\n' or '\r' or '\t')
            {
                cleaned.Append(keepLineBreaks ? (value == '\r' ? '\n' : (char)value) : ' ');
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control || value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069)
            {
                continue;
            }

            cleaned.Append(rune.ToString());
        }

        return cleaned.ToString();
    }
}

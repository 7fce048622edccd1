using System.Globalization;
using System.Text;
using LetsChat.Components.Shared;

namespace LetsChat.Server.Profiles;

/// <summary>Display names are free text, cleaned so that no name can hide, reorder or break what is around it.</summary>
public static class DisplayNames
{
    public const int MaxLength = LetsChat.Components.Identity.IdentityRefusals.MaxDisplayNameLength;

    /// <summary>The cleaned name, or null when nothing printable is left.</summary>
    public static string? Clean(string? name, int maxLength = MaxLength)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var cleaned = new StringBuilder(name.Length);
        var lastWasSpace = true;
        // The shared rule first (invisible characters, combining-mark towers), then what only names need.
        foreach (var rune in PlainText.Clean(name, keepLineBreaks: false).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || PlainText.IsBlankLookalike(rune.Value))
            {
                if (!lastWasSpace)
                {
                    cleaned.Append(' ');
                    lastWasSpace = true;
                }

                continue;
            }

            // Control characters, bidi overrides and isolates, and other invisible format characters are dropped;
            // the zero-width joiner stays because emoji sequences need it.
            if (category is UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                || (category == UnicodeCategory.Format && rune.Value != 0x200D))
            {
                continue;
            }

            cleaned.Append(rune.ToString());
            lastWasSpace = false;
        }

        var result = cleaned.ToString().Trim();
        if (result.Length == 0)
        {
            return null;
        }

        return PlainText.Cut(result, maxLength);
    }

    public static string SearchKey(string displayName) => displayName.ToUpperInvariant();
}

using System.Text.RegularExpressions;

namespace LetsChat.Components.Chat;

/// <summary>Finds the web links in a message so they can be made clickable; only http and https ever become links.</summary>
public static partial class MessageLinks
{
    public readonly record struct Part(string Text, bool IsLink);

    public static IEnumerable<Part> Split(string text)
    {
        var start = 0;
        foreach (Match match in Url().Matches(text))
        {
            // Punctuation that ends a sentence is not part of the link.
            var link = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', '\'', '"');
            if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                continue;
            }

            if (match.Index > start)
            {
                yield return new Part(text[start..match.Index], false);
            }

            yield return new Part(link, true);
            start = match.Index + link.Length;
        }

        if (start < text.Length)
        {
            yield return new Part(text[start..], false);
        }
    }

    [GeneratedRegex(@"\bhttps?://[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}

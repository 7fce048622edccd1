using System.Globalization;

namespace LetsChat.Components.Shared;

/// <summary>The generated avatar for people without a picture: up to two initials on a colour picked from the name.</summary>
public static class AvatarInitials
{
    public static string From(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length switch
        {
            0 => "?",
            1 => FirstLetter(words[0]),
            _ => FirstLetter(words[0]) + FirstLetter(words[^1]),
        };
    }

    /// <summary>A stable hue for a name (string.GetHashCode differs per process, so it cannot be used).</summary>
    public static int Hue(string name)
    {
        var hash = 17u;
        foreach (var c in name)
        {
            hash = unchecked((hash * 31) + c);
        }

        return (int)(hash % 360);
    }

    private static string FirstLetter(string word)
    {
        var elements = StringInfo.GetTextElementEnumerator(word);
        return elements.MoveNext() ? elements.GetTextElement().ToUpperInvariant() : string.Empty;
    }
}

namespace LetsChat.Components.Chat;

/// <summary>Who is typing, in words.</summary>
public static class TypingText
{
    public static string Describe(IReadOnlyCollection<string> names) => names.Count switch
    {
        0 => string.Empty,
        1 => $"{names.First()} is typing…",
        2 => $"{names.First()} and {names.Last()} are typing…",
        _ => "Several people are typing…",
    };
}

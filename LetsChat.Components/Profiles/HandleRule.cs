namespace LetsChat.Components.Profiles;

/// <summary>What a handle may be: 3–32 letters, digits, '_', '-' or '.'. The server's Handles and the search box share it.</summary>
public static class HandleRule
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    public static bool IsValid(string? handle) =>
        handle is { Length: >= MinLength and <= MaxLength } && handle.All(IsAllowed);

    public static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
}

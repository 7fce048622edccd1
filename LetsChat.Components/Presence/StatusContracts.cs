namespace LetsChat.Components.Presence;

/// <summary>How available a person is, as their friends see it.</summary>
public enum Availability
{
    Offline = 0,
    Online = 1,
    /// <summary>Chosen, or no input in any of their tabs for a while.</summary>
    Away = 2,
    /// <summary>Chosen, until a time or until changed: nothing interrupts them, though the bell still counts.</summary>
    DoNotDisturb = 3,
}

/// <summary>What a person chose for their status; <see cref="Automatic"/> is online while active, away when idle.</summary>
public enum StatusChoice
{
    Automatic = 0,
    Away = 1,
    DoNotDisturb = 2,
}

/// <summary>A short text (with an emoji) a person shows their friends beside their name, until it expires.</summary>
public sealed record CustomStatus(string? Emoji, string Text, DateTimeOffset? Until)
{
    public const int MaxLength = 100;

    public string Label => Emoji is null ? Text : $"{Emoji} {Text}";
}

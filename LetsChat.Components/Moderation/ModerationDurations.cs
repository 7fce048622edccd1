namespace LetsChat.Components.Moderation;

/// <summary>How long a mute or a ban lasts, as the moderation screens offer it.</summary>
public static class ModerationDurations
{
    public static readonly IReadOnlyList<(string Label, TimeSpan Length)> Mute =
    [
        ("10 minutes", TimeSpan.FromMinutes(10)),
        ("1 hour", TimeSpan.FromHours(1)),
        ("1 day", TimeSpan.FromDays(1)),
        ("1 week", TimeSpan.FromDays(7)),
    ];

    /// <summary>A null length is a ban until a moderator lifts it.</summary>
    public static readonly IReadOnlyList<(string Label, TimeSpan? Length)> Ban =
    [
        ("1 day", TimeSpan.FromDays(1)),
        ("1 week", TimeSpan.FromDays(7)),
        ("30 days", TimeSpan.FromDays(30)),
        ("Permanent", null),
    ];

    /// <summary>What a mute defaults to: long enough to cool down, short enough not to need undoing.</summary>
    public const int DefaultMute = 1;

    public const int DefaultBan = 0;
}

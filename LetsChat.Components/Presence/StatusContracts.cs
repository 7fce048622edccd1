using LetsChat.Components.Shared;

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

/// <summary>A person's status as a friend sees it: how available, and the custom status they show.</summary>
public sealed record PersonStatus(Availability Availability, CustomStatus? Custom)
{
    public static readonly PersonStatus Offline = new(Availability.Offline, null);

    /// <summary>Came online (as plainly online, until told more) or went offline; the custom status stays.</summary>
    public PersonStatus With(PresenceChanged change) => this with { Availability = change.IsOnline ? Availability.Online : Availability.Offline };

    public string Label => Availability switch
    {
        Availability.Online => "online",
        Availability.Away => "away",
        Availability.DoNotDisturb => "do not disturb",
        _ => "offline",
    };
}

/// <summary>The current user's own status: what they chose, until when, and what their friends see.</summary>
public sealed record MyStatus(StatusChoice Choice, DateTimeOffset? Until, CustomStatus? Custom, Availability Availability)
{
    /// <summary>Do not disturb holds at <paramref name="now"/> (its end time may have passed before the server said so).</summary>
    public bool IsDoNotDisturb(DateTimeOffset now) => Choice == StatusChoice.DoNotDisturb && (Until is null || Until > now);
}

/// <summary>The current user's status: every call acts for the circuit's own user only.</summary>
public interface IMyStatus
{
    Task<MyStatus?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Online (automatic), away, or do not disturb until <paramref name="until"/> (null: until changed).</summary>
    Task<Outcome> ChooseAsync(StatusChoice choice, DateTimeOffset? until = null);

    /// <summary>Shows <paramref name="text"/> (with an emoji) to friends until <paramref name="until"/>; an empty text clears it.</summary>
    Task<Outcome> SetCustomAsync(string? emoji, string? text, DateTimeOffset? until);

    /// <summary>The reader used this tab (a key, a click, a touch): they are not away by inactivity.</summary>
    Task ReportActivityAsync();
}

namespace LetsChat.Components.Shared;

/// <summary>What became of an action: done, or refused with a reason a person can read.</summary>
public sealed record Outcome(bool Succeeded, string Message)
{
    public static Outcome Done(string message = "") => new(true, message);

    public static Outcome Refused(string reason) => new(false, reason);

    public static Outcome<T> Done<T>(string message, T? value = default) => new(true, message, value);

    public static Outcome<T> Done<T>(T value) => new(true, string.Empty, value);

    public static Outcome<T> Refused<T>(string reason) => new(false, reason);
}

/// <summary>What became of an action that also yields something when done (the id of a room just made, say).</summary>
public sealed record Outcome<T>(bool Succeeded, string Message, T? Value = default);

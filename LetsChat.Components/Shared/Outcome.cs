namespace LetsChat.Components.Shared;

/// <summary>What became of an action: done, or refused with a reason a person can read.</summary>
public sealed record Outcome(bool Succeeded, string Message)
{
    public static Outcome Done(string message = "") => new(true, message);

    public static Outcome Refused(string reason) => new(false, reason);
}

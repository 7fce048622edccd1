namespace LetsChat.Components.Shared;

/// <summary>What every feature says when it refuses someone who is not signed in (a circuit whose sign-in ended).</summary>
public static class Refusals
{
    public const string SignInFirst = "Please sign in first.";
}

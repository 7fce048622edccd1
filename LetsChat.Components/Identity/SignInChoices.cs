namespace LetsChat.Components.Identity;

/// <summary>Which ways of signing in this deployment offers; decided by the server from its configuration.</summary>
public sealed record SignInChoices(bool DevSignIn, bool Google, bool GitHub);

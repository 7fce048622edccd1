namespace LetsChat.Components.Identity;

/// <summary>Which ways of signing in this deployment offers; decided by the server from its configuration.</summary>
/// <param name="DevSignIn">The development sign-in: only in Development, or with <c>LetsChat:DevelopmentSignIn=true</c>.</param>
/// <param name="LocalAccounts">Sign-up and sign-in with a handle and a password or a passkey.</param>
/// <param name="EmailRecovery">An SMTP server is configured: people can ask for a reset link by e-mail.</param>
public sealed record SignInChoices(bool DevSignIn, bool Google, bool GitHub, bool LocalAccounts = false, bool EmailRecovery = false);

namespace LetsChat.Server.Identity;

/// <summary>The <c>LetsChat</c> section: product settings that are not a provider's secrets.</summary>
public sealed class LetsChatOptions
{
    public const string Section = "LetsChat";

    /// <summary>E-mail addresses that are made moderators when they sign in.</summary>
    public string[] Moderators { get; set; } = [];

    /// <summary>Whether visitors who have not signed in can read the public room, live, on the landing page.</summary>
    public bool PublicRoomVisibleToVisitors { get; set; } = true;

    /// <summary>
    /// The development sign-in (any name, no password) outside the Development environment. Off unless set to true,
    /// and then a warning is logged at every start.
    /// </summary>
    public bool DevelopmentSignIn { get; set; }

    /// <summary>Local accounts: sign-up and sign-in with a handle and a password or a passkey.</summary>
    public bool LocalAccounts { get; set; } = true;

    /// <summary>The address links in e-mails point to (https://chat.example.com); else the address of the request.</summary>
    public string? PublicUrl { get; set; }

    public LockoutOptions Lockout { get; set; } = new();
}

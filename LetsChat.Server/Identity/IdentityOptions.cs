namespace LetsChat.Server.Identity;

/// <summary>The <c>LetsChat</c> section: product settings that are not a provider's secrets.</summary>
public sealed class LetsChatOptions
{
    public const string Section = "LetsChat";

    /// <summary>E-mail addresses that are made moderators when they sign in.</summary>
    public string[] Moderators { get; set; } = [];

    /// <summary>Whether visitors who have not signed in can read the public room, live, on the landing page.</summary>
    public bool PublicRoomVisibleToVisitors { get; set; } = true;
}

/// <summary>An OAuth provider's client registration, and its endpoints (overridable so tests can point them at a fake).</summary>
public sealed class ExternalProviderOptions
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? AuthorizationEndpoint { get; set; }
    public string? TokenEndpoint { get; set; }
    public string? UserInformationEndpoint { get; set; }
    /// <summary>GitHub only: where the user's addresses are listed when the profile hides the e-mail.</summary>
    public string? EmailsEndpoint { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}

namespace LetsChat.Server.Identity;

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

using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace LetsChat.Server.Identity;

/// <summary>
/// Sign-in with GitHub on the framework's OAuth handler: authorize, exchange the code (with PKCE), read the
/// profile, and, when the profile keeps the e-mail private, the primary verified address from the e-mails endpoint.
/// </summary>
public static class GitHubSignIn
{
    public const string Scheme = "GitHub";

    public static AuthenticationBuilder AddGitHub(this AuthenticationBuilder authentication, ExternalProviderOptions provider) =>
        authentication.AddOAuth(Scheme, "GitHub", options =>
        {
            options.ClientId = provider.ClientId!;
            options.ClientSecret = provider.ClientSecret!;
            options.CallbackPath = "/signin-github";
            options.AuthorizationEndpoint = provider.AuthorizationEndpoint ?? "https://github.com/login/oauth/authorize";
            options.TokenEndpoint = provider.TokenEndpoint ?? "https://github.com/login/oauth/access_token";
            options.UserInformationEndpoint = provider.UserInformationEndpoint ?? "https://api.github.com/user";
            var emailsEndpoint = provider.EmailsEndpoint ?? "https://api.github.com/user/emails";
            options.UsePkce = true;
            ExternalSignIn.UseLaxCorrelationCookies(options);
            options.Scope.Add("read:user");
            options.Scope.Add("user:email");

            options.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
            options.ClaimActions.MapJsonKey(ClaimTypes.Name, "name");
            options.ClaimActions.MapJsonKey(ExternalSignIn.LoginClaim, "login");
            options.ClaimActions.MapJsonKey(ClaimTypes.Email, "email");
            options.ClaimActions.MapJsonKey(LetsChatClaims.Avatar, "avatar_url");

            options.Events.OnCreatingTicket = async context =>
            {
                using var profile = await GetJsonAsync(context, context.Options.UserInformationEndpoint);
                context.RunClaimActions(profile.RootElement);
                // The profile's address may be unverified; the e-mails endpoint says which are. Only its primary
                // verified address is taken, and marked verified (the configured moderators' grant depends on it).
                using var emails = await GetJsonAsync(context, emailsEndpoint);
                if (context.Identity is { } identity && PrimaryVerifiedEmail(emails.RootElement) is { } email)
                {
                    if (identity.FindFirst(ClaimTypes.Email) is { } unverified)
                    {
                        identity.RemoveClaim(unverified);
                    }

                    identity.AddClaim(new Claim(ClaimTypes.Email, email, ClaimValueTypes.String, context.Options.ClaimsIssuer));
                    identity.AddClaim(new Claim(ExternalSignIn.EmailVerifiedClaim, "true", ClaimValueTypes.String, context.Options.ClaimsIssuer));
                }
            };
            options.Events.OnTicketReceived = ExternalSignIn.OnTicketReceived;
            options.Events.OnRemoteFailure = ExternalSignIn.OnRemoteFailure;
        });

    internal static string? PrimaryVerifiedEmail(JsonElement emails)
    {
        if (emails.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var entry in emails.EnumerateArray())
        {
            if (entry.TryGetProperty("primary", out var primary) && primary.ValueKind == JsonValueKind.True
                && entry.TryGetProperty("verified", out var verified) && verified.ValueKind == JsonValueKind.True
                && entry.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String)
            {
                return email.GetString();
            }
        }

        return null;
    }

    private static async Task<JsonDocument> GetJsonAsync(OAuthCreatingTicketContext context, string endpoint)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        // GitHub refuses API requests that carry no User-Agent.
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("LetsChat", "1.0"));
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(context.HttpContext.RequestAborted);
        return await JsonDocument.ParseAsync(body, cancellationToken: context.HttpContext.RequestAborted);
    }
}

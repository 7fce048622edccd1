using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;

namespace LetsChat.Server.Identity;

public static class GoogleSignIn
{
    public static AuthenticationBuilder AddGoogleSignIn(this AuthenticationBuilder authentication, ExternalProviderOptions provider) =>
        authentication.AddGoogle(GoogleDefaults.AuthenticationScheme, "Google", options =>
        {
            options.ClientId = provider.ClientId!;
            options.ClientSecret = provider.ClientSecret!;
            options.AuthorizationEndpoint = provider.AuthorizationEndpoint ?? options.AuthorizationEndpoint;
            options.TokenEndpoint = provider.TokenEndpoint ?? options.TokenEndpoint;
            options.UserInformationEndpoint = provider.UserInformationEndpoint ?? options.UserInformationEndpoint;
            options.UsePkce = true;
            ExternalSignIn.UseLaxCorrelationCookies(options);
            options.ClaimActions.MapJsonKey(LetsChatClaims.Avatar, "picture");
            options.ClaimActions.MapJsonKey(ExternalSignIn.EmailVerifiedClaim, "email_verified");
            options.Events.OnTicketReceived = ExternalSignIn.OnTicketReceived;
            options.Events.OnRemoteFailure = ExternalSignIn.OnRemoteFailure;
        });
}

using LetsChat.Components.Identity;
using Microsoft.AspNetCore.Authentication;

namespace LetsChat.Server.Identity;

/// <summary>Starts linking Google or GitHub to the signed-in account; <see cref="ExternalSignIn"/> finishes it.</summary>
public static class LinkEndpoints
{
    public static IEndpointRouteBuilder MapLetsChatLinking(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/account/link/{provider}", StartLink).RequireAuthorization();
        return endpoints;
    }

    /// <summary>
    /// A GET, so that the browser may go on to the provider (the site's CSP allows forms to post only to itself), made
    /// safe by the ticket /me rendered for this very session.
    /// </summary>
    private static IResult StartLink(string provider, string? ticket, HttpContext http, LinkTickets tickets, SignInChoices choices)
    {
        var scheme = provider switch
        {
            "google" when choices.Google => "Google",
            "github" when choices.GitHub => GitHubSignIn.Scheme,
            _ => null,
        };
        if (scheme is null)
        {
            return TypedResults.NotFound();
        }

        var signedIn = LetsChatClaims.UserId(http.User) is { } userId ? $"{userId}:{LetsChatClaims.SessionId(http.User)}" : null;
        var ticketFor = tickets.Read(ticket, provider);
        if (ticketFor is null || ticketFor != signedIn)
        {
            return TypedResults.LocalRedirect("/me?error=" + Uri.EscapeDataString("That link has expired. Try again from this page."));
        }

        var properties = new AuthenticationProperties { RedirectUri = "/me" };
        properties.Items[ExternalSignIn.LinkItem] = ticketFor;
        return TypedResults.Challenge(properties, [scheme]);
    }
}

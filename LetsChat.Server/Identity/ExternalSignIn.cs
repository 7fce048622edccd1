using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace LetsChat.Server.Identity;

/// <summary>
/// The end of every external sign-in (Google, GitHub): the provider's identity is swapped for our own user,
/// found or created, before the cookie is written.
/// </summary>
internal static class ExternalSignIn
{
    public const string LoginClaim = "urn:letschat:login";

    public static async Task OnTicketReceived(TicketReceivedContext context)
    {
        var principal = context.Principal;
        var subject = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal is null || string.IsNullOrWhiteSpace(subject))
        {
            context.Fail("The provider did not say who signed in.");
            return;
        }

        var identity = new ExternalIdentity(
            Provider: context.Scheme.Name.ToLowerInvariant(),
            Subject: subject,
            DisplayName: principal.FindFirstValue(ClaimTypes.Name),
            Email: principal.FindFirstValue(ClaimTypes.Email),
            AvatarUrl: principal.FindFirstValue(LetsChatClaims.Avatar),
            Login: principal.FindFirstValue(LoginClaim));
        var accounts = context.HttpContext.RequestServices.GetRequiredService<UserAccounts>();
        var (user, refusal) = await accounts.SignInAsync(identity, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.Response.Redirect("/?error=" + Uri.EscapeDataString(refusal ?? "Sign-in failed."));
            context.HandleResponse();
            return;
        }

        context.Principal = LetsChatClaims.CreatePrincipal(user);
    }

    /// <summary>
    /// The provider sends the browser back with a top-level GET, which carries Lax cookies; so the correlation and
    /// PKCE cookies need not be SameSite=None, and can then work over plain HTTP in development as well.
    /// </summary>
    public static void UseLaxCorrelationCookies(RemoteAuthenticationOptions options)
    {
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    /// <summary>A refused consent, a bad or missing state, a failed code exchange: back to the start with a readable reason.</summary>
    public static Task OnRemoteFailure(RemoteFailureContext context)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignIn));
        logger.LogWarning(context.Failure, "External sign-in with {Scheme} failed", context.Scheme.Name);
        context.Response.Redirect("/?error=" + Uri.EscapeDataString($"Signing in with {context.Scheme.DisplayName ?? context.Scheme.Name} did not work. Please try again."));
        context.HandleResponse();
        return Task.CompletedTask;
    }
}

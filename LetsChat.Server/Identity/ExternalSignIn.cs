using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LetsChat.Server.Identity;

/// <summary>
/// The end of every external sign-in (Google, GitHub): the provider's identity is swapped for our own user,
/// found or created, before the cookie is written.
/// </summary>
internal static class ExternalSignIn
{
    public const string LoginClaim = "urn:letschat:login";
    /// <summary>Set ("true") only when the provider said the e-mail is verified.</summary>
    public const string EmailVerifiedClaim = "urn:letschat:email_verified";
    /// <summary>The challenge of a signed-in user linking this provider: their user and session ids, kept in the protected state.</summary>
    public const string LinkItem = "letschat.link";

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
            EmailVerified: string.Equals(principal.FindFirstValue(EmailVerifiedClaim), "true", StringComparison.OrdinalIgnoreCase),
            AvatarUrl: principal.FindFirstValue(LetsChatClaims.Avatar),
            Login: principal.FindFirstValue(LoginClaim));
        var services = context.HttpContext.RequestServices;
        var accounts = services.GetRequiredService<UserAccounts>();
        if (context.Properties?.Items.TryGetValue(LinkItem, out var link) == true && link is not null)
        {
            await LinkAsync(context, accounts, identity, link);
            return;
        }

        var (user, refusal) = await accounts.SignInAsync(identity, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.Response.Redirect("/?error=" + Uri.EscapeDataString(refusal ?? "Sign-in failed."));
            context.HandleResponse();
            return;
        }

        var sessionId = await services.GetRequiredService<UserSessions>().StartAsync(user.Id, identity.Provider, context.HttpContext, context.HttpContext.RequestAborted);
        context.Principal = LetsChatClaims.CreatePrincipal(user, sessionId);
    }

    /// <summary>
    /// Adds the provider's account to the user who asked, if that user's session is still the one signed in here: the
    /// link was started with a ticket /me made for that session, so no other site can link its own account to a victim's.
    /// </summary>
    private static async Task LinkAsync(TicketReceivedContext context, UserAccounts accounts, ExternalIdentity identity, string link)
    {
        var cookie = await context.HttpContext.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var signedIn = cookie.Principal is { } principal && LetsChatClaims.UserId(principal) is { } userId
            ? $"{userId}:{LetsChatClaims.SessionId(principal)}"
            : null;
        string? refusal;
        if (!string.Equals(signedIn, link, StringComparison.Ordinal))
        {
            refusal = "Sign in again, then link the account from your profile.";
        }
        else
        {
            refusal = await accounts.LinkAsync(long.Parse(link.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture), identity, context.HttpContext.RequestAborted);
        }

        context.Response.Redirect(refusal is null
            ? $"/me?linked={Uri.EscapeDataString(context.Scheme.DisplayName ?? context.Scheme.Name)}"
            : "/me?error=" + Uri.EscapeDataString(refusal));
        context.HandleResponse();
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
        logger.ExternalSignInFailed(context.Failure, context.Scheme.Name);
        context.Response.Redirect("/?error=" + Uri.EscapeDataString($"Signing in with {context.Scheme.DisplayName ?? context.Scheme.Name} did not work. Please try again."));
        context.HandleResponse();
        return Task.CompletedTask;
    }
}

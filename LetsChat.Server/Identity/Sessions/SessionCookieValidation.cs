using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LetsChat.Server.Identity;

/// <summary>
/// Every request's cookie names a live session, or it is refused and cleared: a copied cookie stops working the moment
/// its session ends, on every instance. The claims are rewritten from the database, so the name, picture and role a
/// page (and the circuit it starts) sees are today's, not the sign-in's.
/// </summary>
internal static class SessionCookieValidation
{
    public static async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
        var principal = context.Principal;
        var sessionId = principal is null ? null : LetsChatClaims.SessionId(principal);
        if (principal is null || LetsChatClaims.UserId(principal) is not { } userId
            || await sessions.CheckAsync(userId, sessionId, context.HttpContext.RequestAborted) is not { } user)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.ReplacePrincipal(LetsChatClaims.CreatePrincipal(user, sessionId!));
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LetsChat.Server.Identity;

/// <summary>The one way a proven user gets a cookie: a new session row, and the cookie naming it.</summary>
public sealed class SessionSignIn(UserSessions sessions)
{
    public async Task SignInAsync(HttpContext http, User user, string method)
    {
        var sessionId = await sessions.StartAsync(user.Id, method, http, http.RequestAborted);
        await http.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            LetsChatClaims.CreatePrincipal(user, sessionId),
            new AuthenticationProperties { IsPersistent = true });
    }
}

using System.Globalization;
using System.Security.Claims;
using LetsChat.Components.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LetsChat.Server.Identity;

/// <summary>
/// What our own cookie says about the signed-in user, and how to read it back. Only the user id and the session id
/// are trusted: the name, picture and role are rewritten from the database on every request
/// (<see cref="SessionCookieValidation"/>), so a cookie never carries a stale name or a lost role.
/// </summary>
public static class LetsChatClaims
{
    public const string Avatar = UserClaims.Avatar;
    public const string Session = UserClaims.Session;
    public const string ModeratorRole = UserClaims.ModeratorRole;

    public static ClaimsPrincipal CreatePrincipal(User user, string sessionId) =>
        CreatePrincipal(new SignedInUser(user.Id, user.DisplayName, AvatarUrl(user), user.IsModerator), sessionId);

    public static ClaimsPrincipal CreatePrincipal(SignedInUser user, string sessionId)
    {
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(Session, sessionId));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.DisplayName));
        if (user.AvatarUrl is { } avatar)
        {
            identity.AddClaim(new Claim(Avatar, avatar));
        }

        if (user.IsModerator)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, ModeratorRole));
        }

        return new ClaimsPrincipal(identity);
    }

    public static SignedInUser? ToSignedInUser(ClaimsPrincipal principal) => UserClaims.SignedInUser(principal);

    public static long? UserId(ClaimsPrincipal principal) => UserClaims.UserId(principal);

    public static string? SessionId(ClaimsPrincipal principal) => UserClaims.SessionId(principal);

    public static string? AvatarUrl(User user) => AvatarUrl(user.AvatarHash, user.ProviderAvatarUrl);

    /// <summary>The one rule for a user's picture: their uploaded one when there is one, else the provider's.</summary>
    public static string? AvatarUrl(string? avatarHash, string? providerAvatarUrl) =>
        avatarHash is not null ? $"/avatars/{avatarHash}.webp" : providerAvatarUrl;
}

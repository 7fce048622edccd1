using System.Globalization;
using System.Security.Claims;

namespace LetsChat.Components.Identity;

/// <summary>
/// The claims of a signed-in user's cookie and the one way to read them, for the server and the components alike:
/// only the user and session ids are trusted (the server rewrites the rest from the database on every request).
/// </summary>
public static class UserClaims
{
    public const string Avatar = "urn:letschat:avatar";
    public const string Session = "urn:letschat:session";
    public const string ModeratorRole = "moderator";

    public static long? UserId(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true
        && long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static string? SessionId(ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(Session) : null;

    public static SignedInUser? SignedInUser(ClaimsPrincipal? principal) =>
        principal is not null && UserId(principal) is { } id
            ? new SignedInUser(id, principal.FindFirstValue(ClaimTypes.Name) ?? string.Empty, principal.FindFirstValue(Avatar), principal.IsInRole(ModeratorRole))
            : null;
}

using System.Globalization;
using System.Security.Claims;

namespace LetsChat.Components.Identity;

public static class UserIds
{
    /// <summary>The signed-in user's id from their claims, for telling one's own messages apart on screen.</summary>
    public static long? Of(ClaimsPrincipal? user) =>
        long.TryParse(user?.FindFirst(ClaimTypes.NameIdentifier)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

using Microsoft.AspNetCore.Http;

namespace LetsChat.Components.Identity;

/// <summary>The development sign-in: a display name is all it asks for.</summary>
public interface IDevSignIn
{
    /// <summary>Signs the request in as the user with this display name, creating them on first use.</summary>
    /// <returns>null when signed in; otherwise a message a person can read.</returns>
    Task<string?> SignInAsync(HttpContext httpContext, string? displayName);
}

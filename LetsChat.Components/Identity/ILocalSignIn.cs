using Microsoft.AspNetCore.Http;

namespace LetsChat.Components.Identity;

/// <summary>Local accounts as the sign-in and sign-up pages use them; the server checks every rule.</summary>
public interface ILocalSignIn
{
    /// <summary>Signs the request in with a handle or e-mail and a password.</summary>
    /// <returns>null when signed in; otherwise a message a person can read (a wrong password, a lockout and until when).</returns>
    Task<string?> SignInAsync(HttpContext httpContext, string? login, string? password);

    /// <summary>Makes the account and signs the request in.</summary>
    /// <returns>Empty when signed in; otherwise every reason the form was refused.</returns>
    Task<IReadOnlyList<string>> SignUpAsync(HttpContext httpContext, string? handle, string? displayName, string? email, string? password);
}

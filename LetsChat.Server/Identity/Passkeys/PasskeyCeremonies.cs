using LetsChat.Components.Identity;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace LetsChat.Server.Identity;

/// <summary>
/// The two halves of every WebAuthn ceremony: options for the browser now, the browser's answer checked later by
/// Identity's <see cref="IPasskeyHandler{TUser}"/>. What the second half needs of the first (the challenge, and for a
/// sign-up the account asked for) travels in a short-lived, data-protected cookie, so any instance can finish it.
/// </summary>
public sealed class PasskeyCeremonies(IPasskeyHandler<User> handler, IDataProtectionProvider protection, TimeProvider time)
{
    public const string StateCookie = "letschat.passkey";
    /// <summary>Covers the passkey endpoints and /account/delete, which a passkey can confirm.</summary>
    private const string CookiePath = "/account";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("LetsChat.Passkeys").ToTimeLimitedDataProtector();

    /// <summary>Options to create a passkey for <paramref name="user"/> (a new account's user when <paramref name="signUp"/> is given).</summary>
    public async Task<string> CreationOptionsAsync(HttpContext http, User user, SignUpRequest? signUp = null)
    {
        var entity = new PasskeyUserEntity { Id = user.WebAuthnUserId, Name = user.Handle, DisplayName = user.DisplayName };
        var options = await handler.MakeCreationOptionsAsync(entity, http);
        Remember(http, new CeremonyState(Ceremony.Create, options.AttestationState, user.Id, signUp, user.WebAuthnUserId));
        return options.CreationOptionsJson;
    }

    /// <summary>Options to prove a passkey: any of this site's (sign-in), or one of <paramref name="user"/>'s (a confirmation).</summary>
    public async Task<string> RequestOptionsAsync(HttpContext http, User? user)
    {
        var options = await handler.MakeRequestOptionsAsync(user, http);
        Remember(http, new CeremonyState(Ceremony.Request, options.AssertionState, user?.Id ?? 0, null, null));
        return options.RequestOptionsJson;
    }

    /// <summary>Checks the browser's new credential against the creation it answers; the state is used up either way.</summary>
    public async Task<(UserPasskeyInfo? Passkey, CeremonyState? State, string? Error)> AttestAsync(HttpContext http, string? credentialJson)
    {
        if (Recall(http, Ceremony.Create) is not { } state || string.IsNullOrEmpty(credentialJson))
        {
            return (null, null, IdentityRefusals.PasskeyExpired);
        }

        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext { HttpContext = http, CredentialJson = credentialJson, AttestationState = state.HandlerState });
        return result.Succeeded
            ? (result.Passkey, state, null)
            : (null, state, "That passkey could not be saved: " + result.Failure.Message);
    }

    /// <summary>Checks a passkey's signature; returns whose it is, or why not.</summary>
    public async Task<(User? User, UserPasskeyInfo? Passkey, string? Error)> AssertAsync(HttpContext http, string? credentialJson)
    {
        if (Recall(http, Ceremony.Request) is not { } state || string.IsNullOrEmpty(credentialJson))
        {
            return (null, null, IdentityRefusals.PasskeyExpired);
        }

        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext { HttpContext = http, CredentialJson = credentialJson, AssertionState = state.HandlerState });
        if (!result.Succeeded)
        {
            return (null, null, "That passkey is not one of this site's accounts.");
        }

        return state.UserId != 0 && result.User.Id != state.UserId
            ? (null, null, IdentityRefusals.PasskeyOfAnotherAccount)
            : (result.User, result.Passkey, null);
    }

    private void Remember(HttpContext http, CeremonyState state)
    {
        var value = _protector.Protect(JsonSerializer.Serialize(state), time.GetUtcNow() + Lifetime);
        http.Response.Cookies.Append(StateCookie, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = CookiePath,
            MaxAge = Lifetime,
        });
    }

    private CeremonyState? Recall(HttpContext http, Ceremony expected)
    {
        var value = http.Request.Cookies[StateCookie];
        http.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = CookiePath });
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize<CeremonyState>(_protector.Unprotect(value));
            return state?.Kind == expected ? state : null;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    public enum Ceremony
    {
        Create,
        Request,
    }

    /// <param name="UserId">The signed-in user adding a passkey or confirming with one; 0 for a sign-in or a sign-up.</param>
    /// <param name="SignUp">The account a passkey sign-up will make once the passkey is proven.</param>
    public sealed record CeremonyState(Ceremony Kind, string? HandlerState, long UserId, SignUpRequest? SignUp, string? WebAuthnUserId);
}

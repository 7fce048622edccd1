using LetsChat.Components.Shared;
using LetsChat.Components.Identity;
using LetsChat.Server.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Identity;

/// <summary>
/// The passkey ceremonies over HTTP (a WebAuthn answer must be checked against the request's origin, which a circuit
/// does not have): sign-up with a passkey alone, sign-in, and adding a passkey to a signed-in account. Every call
/// carries the page's antiforgery token in a header.
/// </summary>
public static class PasskeyEndpoints
{
    public sealed record SignUpBody(string? Handle, string? DisplayName, string? Email);

    public sealed record CredentialBody(string? Credential, string? Name, string? ReturnUrl);

    public sealed record Outcome(string? Error, string? Redirect = null);

    public static IEndpointRouteBuilder MapLetsChatPasskeys(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/account/passkeys").AddEndpointFilter(ValidateAntiforgeryAsync);
        group.MapPost("/signup-options", SignUpOptionsAsync);
        group.MapPost("/signup", SignUpAsync);
        group.MapPost("/signin-options", SignInOptionsAsync);
        group.MapPost("/signin", SignInAsync);
        group.MapPost("/add-options", AddOptionsAsync).RequireAuthorization();
        group.MapPost("/add", AddAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<ContentHttpResult, BadRequest<Outcome>>> SignUpOptionsAsync(
        HttpContext http, SignUpBody body, LocalAccounts accounts, PasskeyCeremonies ceremonies, SignInChoices choices)
    {
        if (!choices.LocalAccounts)
        {
            return TypedResults.BadRequest(new Outcome("This site does not make local accounts."));
        }

        var request = new SignUpRequest(body.Handle, body.DisplayName, Password: null, body.Email);
        List<string> errors = [];
        if (await accounts.CheckSignUpAsync(request, errors, http.RequestAborted) is not var (handle, displayName, _) || errors.Count > 0)
        {
            return TypedResults.BadRequest(new Outcome(string.Join(" ", errors)));
        }

        var newUser = new User
        {
            DisplayName = displayName, SearchName = displayName, Handle = handle, NormalizedHandle = handle, WebAuthnUserId = User.NewWebAuthnUserId(),
        };
        return TypedResults.Content(await ceremonies.CreationOptionsAsync(http, newUser, request), "application/json");
    }

    private static async Task<Results<Ok<Outcome>, BadRequest<Outcome>>> SignUpAsync(
        HttpContext http, CredentialBody body, LocalAccounts accounts, PasskeyCeremonies ceremonies, UserManager<User> users, SessionSignIn signIn)
    {
        var (passkey, state, error) = await ceremonies.AttestAsync(http, body.Credential);
        if (passkey is null || state?.SignUp is null || state.WebAuthnUserId is null)
        {
            return TypedResults.BadRequest(new Outcome(error ?? IdentityRefusals.PasskeyExpired));
        }

        var (user, errors) = await accounts.SignUpAsync(state.SignUp, state.WebAuthnUserId, http.RequestAborted);
        if (user is null)
        {
            return TypedResults.BadRequest(new Outcome(string.Join(" ", errors)));
        }

        passkey.Name = PasskeyNames.Clean(body.Name) ?? PasskeyNames.Guess(http);
        var added = await users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!added.Succeeded)
        {
            return TypedResults.BadRequest(new Outcome(IdentityRefusals.PasskeyNotSaved));
        }

        await signIn.SignInAsync(http, user, "passkey");
        return TypedResults.Ok(new Outcome(null, "/chat"));
    }

    private static async Task<ContentHttpResult> SignInOptionsAsync(HttpContext http, PasskeyCeremonies ceremonies) =>
        TypedResults.Content(await ceremonies.RequestOptionsAsync(http, user: null), "application/json");

    private static async Task<Results<Ok<Outcome>, BadRequest<Outcome>>> SignInAsync(
        HttpContext http, CredentialBody body, PasskeyCeremonies ceremonies, UserManager<User> users, SessionSignIn signIn)
    {
        var (user, passkey, error) = await ceremonies.AssertAsync(http, body.Credential);
        if (user is null || passkey is null)
        {
            return TypedResults.BadRequest(new Outcome(error));
        }

        if (user.IsBanned)
        {
            return TypedResults.BadRequest(new Outcome("This account is banned" + (string.IsNullOrWhiteSpace(user.BanReason) ? "." : $": {user.BanReason}")));
        }

        // The new signature count is what detects a cloned authenticator next time.
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        await signIn.SignInAsync(http, user, "passkey");
        return TypedResults.Ok(new Outcome(null, ReturnUrls.Local(body.ReturnUrl)));
    }

    private static async Task<Results<ContentHttpResult, BadRequest<Outcome>>> AddOptionsAsync(
        HttpContext http, PasskeyCeremonies ceremonies, IDbContextFactory<LetsChatDb> dbFactory, UserSessions sessions)
    {
        if (await SignedInUserAsync(http, dbFactory, sessions) is not { } user)
        {
            return TypedResults.BadRequest(new Outcome(Refusals.SignInFirst));
        }

        return TypedResults.Content(await ceremonies.CreationOptionsAsync(http, user), "application/json");
    }

    private static async Task<Results<Ok<Outcome>, BadRequest<Outcome>>> AddAsync(
        HttpContext http, CredentialBody body, PasskeyCeremonies ceremonies, IDbContextFactory<LetsChatDb> dbFactory, UserSessions sessions, UserManager<User> users)
    {
        var (passkey, state, error) = await ceremonies.AttestAsync(http, body.Credential);
        if (await SignedInUserAsync(http, dbFactory, sessions) is not { } user || passkey is null || state is null || state.UserId != user.Id)
        {
            return TypedResults.BadRequest(new Outcome(error ?? IdentityRefusals.PasskeyExpired));
        }

        passkey.Name = PasskeyNames.Clean(body.Name) ?? PasskeyNames.Guess(http);
        var added = await users.AddOrUpdatePasskeyAsync(user, passkey);
        return added.Succeeded ? TypedResults.Ok(new Outcome(null)) : TypedResults.BadRequest(new Outcome(IdentityRefusals.PasskeyNotSaved));
    }

    /// <summary>The account behind this request's live session; the cookie check has already refused a dead one.</summary>
    internal static async Task<User?> SignedInUserAsync(HttpContext http, IDbContextFactory<LetsChatDb> dbFactory, UserSessions sessions)
    {
        if (LetsChatClaims.UserId(http.User) is not { } userId
            || await sessions.CheckAsync(userId, LetsChatClaims.SessionId(http.User), http.RequestAborted) is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, http.RequestAborted);
    }

    internal static async ValueTask<object?> ValidateAntiforgeryAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return TypedResults.BadRequest(new Outcome("This page is out of date. Reload it and try again."));
        }

        return await next(context);
    }
}

/// <summary>What a passkey is called in the list of sign-in methods.</summary>
internal static class PasskeyNames
{
    public static string? Clean(string? name) =>
        LetsChat.Components.Shared.PlainText.Clean(name, keepLineBreaks: false).Trim() is { Length: > 0 } clean ? clean[..Math.Min(clean.Length, 60)] : null;

    /// <summary>A name from the browser that made it, until the user gives it one.</summary>
    public static string Guess(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        return DeviceNames.Describe(agent) is { Length: > 0 } device ? $"Passkey on {device}" : "Passkey";
    }
}

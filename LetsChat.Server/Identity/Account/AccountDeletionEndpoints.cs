using LetsChat.Components.Identity;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Outcome = LetsChat.Server.Identity.PasskeyEndpoints.Outcome;

namespace LetsChat.Server.Identity;

/// <summary>
/// Deleting one's own account over HTTP, because a passkey confirmation must be checked against the request's origin,
/// which a circuit does not have. Every call carries the page's antiforgery token in a header.
/// </summary>
public static class AccountDeletionEndpoints
{
    public sealed record DeleteBody(string? Password, string? Handle, string? Credential, bool RemoveMessages);

    public static IEndpointRouteBuilder MapLetsChatAccountDeletion(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/delete", DeleteAsync)
            .AddEndpointFilter(PasskeyEndpoints.ValidateAntiforgeryAsync).RequireAuthorization();
        // Under /account/passkeys with the other ceremonies; the ceremony cookie also reaches /account/delete.
        endpoints.MapPost("/account/passkeys/confirm-options", ConfirmOptionsAsync)
            .AddEndpointFilter(PasskeyEndpoints.ValidateAntiforgeryAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<ContentHttpResult, BadRequest<Outcome>>> ConfirmOptionsAsync(
        HttpContext http, PasskeyCeremonies ceremonies, IDbContextFactory<LetsChatDb> dbFactory, UserSessions sessions)
    {
        if (await PasskeyEndpoints.SignedInUserAsync(http, dbFactory, sessions) is not { } user)
        {
            return TypedResults.BadRequest(new Outcome(Refusals.SignInFirst));
        }

        return TypedResults.Content(await ceremonies.RequestOptionsAsync(http, user), "application/json");
    }

    private static async Task<Results<Ok<Outcome>, BadRequest<Outcome>>> DeleteAsync(
        HttpContext http, DeleteBody body, PasskeyCeremonies ceremonies, AccountDeletion deletion, IDbContextFactory<LetsChatDb> dbFactory, UserSessions sessions)
    {
        if (await PasskeyEndpoints.SignedInUserAsync(http, dbFactory, sessions) is not { } user)
        {
            return TypedResults.BadRequest(new Outcome(Refusals.SignInFirst));
        }

        var passkeyProven = false;
        if (!string.IsNullOrEmpty(body.Credential))
        {
            var (owner, _, error) = await ceremonies.AssertAsync(http, body.Credential);
            if (owner?.Id != user.Id)
            {
                return TypedResults.BadRequest(new Outcome(error ?? IdentityRefusals.PasskeyOfAnotherAccount));
            }

            passkeyProven = true;
        }

        if (await deletion.CheckConfirmationAsync(user.Id, body.Password, body.Handle, passkeyProven, http.RequestAborted) is { } refusal)
        {
            return TypedResults.BadRequest(new Outcome(refusal));
        }

        // Not the request's token: a closed tab must not stop the deletion halfway.
        await deletion.DeleteAsync(user.Id, body.RemoveMessages, CancellationToken.None);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Ok(new Outcome(null, "/"));
    }
}

using LetsChat.Components.Identity;

namespace LetsChat.Server.Identity;

/// <summary>The sign-in and sign-up pages' way into <see cref="LocalAccounts"/>: on success, a session and its cookie.</summary>
internal sealed class LocalSignIn(SignInChoices choices, LocalAccounts accounts, SessionSignIn sessions, IEnumerable<ISignUpFollowUp> followUps) : ILocalSignIn
{
    private const string Unavailable = "This site does not use local accounts.";

    public async Task<string?> SignInAsync(HttpContext httpContext, string? login, string? password)
    {
        if (!choices.LocalAccounts)
        {
            return Unavailable;
        }

        var address = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var result = await accounts.PasswordSignInAsync(login, password, address, httpContext.RequestAborted);
        if (result.User is null)
        {
            return result.Refusal;
        }

        await sessions.SignInAsync(httpContext, result.User, LocalAccounts.Method);
        return null;
    }

    public async Task<IReadOnlyList<string>> SignUpAsync(HttpContext httpContext, string? handle, string? displayName, string? email, string? password)
    {
        if (!choices.LocalAccounts)
        {
            return [Unavailable];
        }

        var (user, errors) = await accounts.SignUpAsync(new SignUpRequest(handle, displayName, password ?? string.Empty, email), cancellationToken: httpContext.RequestAborted);
        if (user is null)
        {
            return errors;
        }

        await sessions.SignInAsync(httpContext, user, LocalAccounts.Method);
        foreach (var followUp in followUps)
        {
            await followUp.SignedUpAsync(user, httpContext);
        }

        return [];
    }
}

/// <summary>Something to do once a local account exists (send the e-mail confirmation link, when mail is set up).</summary>
public interface ISignUpFollowUp
{
    Task SignedUpAsync(User user, HttpContext httpContext);
}

using LetsChat.Components.Identity;
using LetsChat.Server.Profiles;

namespace LetsChat.Server.Identity;

/// <summary>
/// Signs in by display name alone; the same name signs in the same user again. It only ever finds accounts it made
/// itself (its own "dev" logins), never one made with a password, a passkey, Google or GitHub.
/// </summary>
internal sealed class DevSignIn(SignInChoices choices, UserAccounts accounts, SessionSignIn sessions) : IDevSignIn
{
    public const string Provider = "dev";

    public async Task<string?> SignInAsync(HttpContext httpContext, string? displayName)
    {
        if (!choices.DevSignIn)
        {
            return "Development sign-in is not available on this site.";
        }

        if (displayName?.Trim().Length > DisplayNames.MaxLength)
        {
            return IdentityRefusals.DisplayNameTooLong;
        }

        if (DisplayNames.Clean(displayName) is not { } name)
        {
            return IdentityRefusals.ChooseDisplayName;
        }

        var (user, refusal) = await accounts.SignInAsync(
            new ExternalIdentity(Provider, DisplayNames.SearchKey(name), name, Email: null, EmailVerified: false, AvatarUrl: null, Login: name),
            httpContext.RequestAborted);
        if (user is null)
        {
            return refusal;
        }

        await sessions.SignInAsync(httpContext, user, Provider);
        return null;
    }
}

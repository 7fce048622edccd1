using LetsChat.Components.Shared;
using Microsoft.AspNetCore.Http;

namespace LetsChat.Components.Identity;

/// <summary>A signed-in browser, as the devices list on /me shows it.</summary>
public sealed record DeviceView(string SessionId, string Browser, string? Address, string Method, DateTimeOffset SignedInAt, DateTimeOffset LastActiveAt, bool IsThisDevice);

/// <summary>One way of signing in to the account, as /me lists it.</summary>
public sealed record SignInMethodView(SignInMethodKind Kind, string Id, string Name, DateTimeOffset AddedAt, DateTimeOffset? LastUsedAt);

public enum SignInMethodKind
{
    Password,
    Passkey,
    Google,
    GitHub,
}

/// <summary>
/// The account section of /me: devices, sign-in methods, and where to go to link a provider (a one-time address for
/// this session, so that no other site can start a link), null when it cannot be linked.
/// </summary>
public sealed record AccountView(
    string Handle,
    string? Email,
    bool EmailConfirmed,
    bool HasPassword,
    IReadOnlyList<SignInMethodView> Methods,
    IReadOnlyList<DeviceView> Devices,
    string? LinkGoogleUrl,
    string? LinkGitHubUrl);

/// <summary>The account actions of a signed-in user (from /me, over the circuit); every one checked on the server.</summary>
public interface IAccountService
{
    Task<AccountView?> GetAsync(CancellationToken cancellationToken = default);

    Task<Outcome> ChangePasswordAsync(string? currentPassword, string? newPassword, CancellationToken cancellationToken = default);

    Task<Outcome> SignOutDeviceAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of the account, this one included.</summary>
    Task<Outcome> SignOutEverywhereAsync(CancellationToken cancellationToken = default);

    Task<Outcome> RemoveSignInMethodAsync(SignInMethodKind kind, string id, CancellationToken cancellationToken = default);

    Task<Outcome> RenamePasskeyAsync(string id, string name, CancellationToken cancellationToken = default);
}

/// <summary>What signing up, signing in and passkeys refuse with, in one place so the pages and the server agree.</summary>
public static class IdentityRefusals
{
    public const int MaxDisplayNameLength = 50;
    public const string ChooseDisplayName = "Choose a display name.";
    public const string DisplayNameTooLong = "Display names can be at most 50 characters.";
    public const string AccountGone = "Your account is gone.";
    public const string AccountDeleted = "This account was deleted.";
    public const string EmailInUse = "That e-mail address is already used by another account.";
    public const string ExternalAccountInUse = "That account already signs in to another Let's Chat account.";
    public const string PasskeyExpired = "The passkey request expired. Please try again.";
    public const string PasskeyNotSaved = "That passkey could not be saved.";
    public const string PasskeyOfAnotherAccount = "That passkey belongs to another account.";

    public static string HandleTaken(string handle) => $"The handle @{handle} is taken. Try another.";
}

/// <summary>What the one-time link pages say, in one place so the pages and the server agree.</summary>
public static class AccountLinkMessages
{
    public const string DeadLink = "This link has expired or was already used. Ask for a new one.";
    public const string ResetMailOnItsWay = "If that account has an e-mail address, a link is on its way.";
    public const string TooManyResetRequests = "Too many reset requests from this address. Try again in a few minutes.";
}

/// <summary>Getting back into an account: reset links by e-mail (<c>/forgot</c>, <c>/reset</c>) and e-mail confirmation.</summary>
public interface IAccountRecovery
{
    /// <summary>Whether a reset link still works, so the page can say so before the form is filled in.</summary>
    Task<bool> IsResetLinkLiveAsync(string? token);

    /// <summary>Sets the new password, ends every other session and signs this browser in; a refusal otherwise.</summary>
    Task<Outcome> ResetPasswordAsync(HttpContext httpContext, string? token, string? newPassword);

    /// <summary>
    /// Mails a reset link to the account named by a handle or e-mail, when it has an address. Fails only when this
    /// client address asked too often; otherwise it says nothing about whether the account exists.
    /// </summary>
    Task<Outcome> RequestResetAsync(HttpContext httpContext, string? handleOrEmail);

    Task<Outcome> ConfirmEmailAsync(string? token);
}

/// <summary>The development sign-in: a display name is all it asks for.</summary>
public interface IDevSignIn
{
    /// <summary>Signs the request in as the user with this display name, creating them on first use.</summary>
    /// <returns>null when signed in; otherwise a message a person can read.</returns>
    Task<string?> SignInAsync(HttpContext httpContext, string? displayName);
}

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

/// <summary>The person behind the current circuit or request, as the server knows them.</summary>
public sealed record SignedInUser(long Id, string DisplayName, string? AvatarUrl, bool IsModerator);

/// <summary>Which ways of signing in this deployment offers; decided by the server from its configuration.</summary>
/// <param name="DevSignIn">The development sign-in: only in Development, or with <c>LetsChat:DevelopmentSignIn=true</c>.</param>
/// <param name="LocalAccounts">Sign-up and sign-in with a handle and a password or a passkey.</param>
/// <param name="EmailRecovery">An SMTP server is configured: people can ask for a reset link by e-mail.</param>
public sealed record SignInChoices(bool DevSignIn, bool Google, bool GitHub, bool LocalAccounts = false, bool EmailRecovery = false);

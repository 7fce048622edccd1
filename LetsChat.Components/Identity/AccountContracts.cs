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

/// <summary>What a refused or accepted account action says; Error is a sentence a person can read.</summary>
public sealed record AccountResult(string? Error)
{
    public static AccountResult Ok { get; } = new((string?)null);

    public bool Succeeded => Error is null;

    public static AccountResult Fail(string error) => new(error);
}

/// <summary>The account actions of a signed-in user (from /me, over the circuit); every one checked on the server.</summary>
public interface IAccountService
{
    Task<AccountView?> GetAsync(CancellationToken cancellationToken = default);

    Task<AccountResult> ChangePasswordAsync(string? currentPassword, string? newPassword, CancellationToken cancellationToken = default);

    Task<AccountResult> SignOutDeviceAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of the account, this one included.</summary>
    Task<AccountResult> SignOutEverywhereAsync(CancellationToken cancellationToken = default);

    Task<AccountResult> RemoveSignInMethodAsync(SignInMethodKind kind, string id, CancellationToken cancellationToken = default);

    Task<AccountResult> RenamePasskeyAsync(string id, string name, CancellationToken cancellationToken = default);
}

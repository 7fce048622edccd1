namespace LetsChat.Server.Identity;

/// <summary>One passkey (a WebAuthn credential) of a user, as Identity's passkey handler verified and records it.</summary>
public sealed class UserPasskey
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required byte[] CredentialId { get; set; }
    public required byte[] PublicKey { get; set; }
    /// <summary>What the user calls it ("Phone", "YubiKey"); shown in the list of sign-in methods.</summary>
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public long SignCount { get; set; }
    /// <summary>The transports the authenticator named, space-separated.</summary>
    public string? Transports { get; set; }
    public bool IsUserVerified { get; set; }
    public bool IsBackupEligible { get; set; }
    public bool IsBackedUp { get; set; }
    public required byte[] AttestationObject { get; set; }
    public required byte[] ClientDataJson { get; set; }
}

/// <summary>
/// One signed-in browser. Its id is in the cookie; a cookie whose session row is gone is refused on every request and
/// every circuit call, so deleting rows is how sign-out, "sign out everywhere", a password change, a ban and a
/// deleted account take effect.
/// </summary>
public sealed class UserSession
{
    public required string Id { get; set; }
    public long UserId { get; set; }
    /// <summary>How this session signed in: password, passkey, google, github, dev.</summary>
    public required string Method { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public string? UserAgent { get; set; }
    public string? Address { get; set; }
}

/// <summary>What a one-time account link is for.</summary>
public enum AccountTokenPurpose
{
    ResetPassword = 0,
    ConfirmEmail = 1,
}

/// <summary>
/// A one-time link (password reset, e-mail confirmation). Only the SHA-256 of the token is stored, so the database
/// alone cannot be used to take an account; a link works once and until it expires.
/// </summary>
public sealed class AccountToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public AccountTokenPurpose Purpose { get; set; }
    public required string TokenHash { get; set; }
    /// <summary>The e-mail a confirmation link was sent to; confirming makes it the account's.</summary>
    public string? Email { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    /// <summary>The moderator who made a reset link on /admin; null when the user or the command line asked.</summary>
    public long? CreatedById { get; set; }
}

/// <summary>Failed password sign-ins from one client address; past a limit that address is locked out for a while.</summary>
public sealed class SignInThrottle
{
    public required string Address { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset WindowStartedAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
}

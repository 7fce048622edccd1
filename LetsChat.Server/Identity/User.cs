using System.Buffers.Text;
using System.Security.Cryptography;

namespace LetsChat.Server.Identity;

public sealed class User
{
    public static string NewWebAuthnUserId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public long Id { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>Upper-cased display name, so that finding people ignores case on every database.</summary>
    public required string SearchName { get; set; }
    public required string Handle { get; set; }
    /// <summary>Upper-cased handle; unique, so that handles are unique without regard to case.</summary>
    public required string NormalizedHandle { get; set; }
    public string? Email { get; set; }
    public bool HideEmail { get; set; } = true;
    /// <summary>The picture the sign-in provider gave.</summary>
    public string? ProviderAvatarUrl { get; set; }
    /// <summary>Content hash of an uploaded, re-encoded avatar; it takes precedence over the provider's.</summary>
    public string? AvatarHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public bool IsModerator { get; set; }
    public bool IsBanned { get; set; }
    public string? BanReason { get; set; }
    public DateTimeOffset? BannedAt { get; set; }
    /// <summary>When a ban for a while ends (the ban sweep lifts it); null for a ban until a moderator lifts it.</summary>
    public DateTimeOffset? BannedUntil { get; set; }
    /// <summary>While in the future, the user cannot write in the public room.</summary>
    public DateTimeOffset? MutedUntil { get; set; }

    /// <summary>A local account's password, hashed by ASP.NET Core Identity's <c>PasswordHasher</c>; null without one.</summary>
    public string? PasswordHash { get; set; }
    /// <summary>The e-mail was confirmed by a link sent to it, or the provider said it is verified.</summary>
    public bool EmailConfirmed { get; set; }
    /// <summary>Wrong passwords in a row; reset by a right one. Identity's lockout reads and writes it.</summary>
    public int AccessFailedCount { get; set; }
    /// <summary>While in the future, password sign-in to this account is refused.</summary>
    public DateTimeOffset? LockoutEnd { get; set; }
    /// <summary>
    /// The opaque user handle passkeys carry (WebAuthn's user.id): random, never the database id, so an authenticator
    /// learns nothing about the account from it.
    /// </summary>
    public required string WebAuthnUserId { get; set; }
    /// <summary>Set when the account was deleted: the row stays only so that kept messages have an author to show.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Online or away by activity, or away or do-not-disturb by choice.</summary>
    public Components.Presence.StatusChoice StatusChoice { get; set; }
    /// <summary>When a chosen status ends by itself (do not disturb for an hour); null until changed.</summary>
    public DateTimeOffset? StatusUntil { get; set; }
    public string? CustomStatusEmoji { get; set; }
    public string? CustomStatusText { get; set; }
    public DateTimeOffset? CustomStatusUntil { get; set; }
    /// <summary>E-mail the user about private messages and mentions left unread (where SMTP is configured).</summary>
    public bool EmailDigests { get; set; } = true;

    public List<ExternalLogin> Logins { get; set; } = [];
}

/// <summary>One way a user signs in: a provider and the subject that provider knows them by.</summary>
public sealed class ExternalLogin
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Provider { get; set; }
    public required string Subject { get; set; }
    /// <summary>What the provider calls the account (a GitHub login, a Google address), shown in the list of sign-ins.</summary>
    public string? Label { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }
}

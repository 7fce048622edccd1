namespace LetsChat.Server.Identity;

public sealed class User
{
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
    /// <summary>While in the future, the user cannot write in the public room.</summary>
    public DateTimeOffset? MutedUntil { get; set; }

    public List<ExternalLogin> Logins { get; set; } = [];
}

/// <summary>One way a user signs in: a provider and the subject that provider knows them by.</summary>
public sealed class ExternalLogin
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Provider { get; set; }
    public required string Subject { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }
}

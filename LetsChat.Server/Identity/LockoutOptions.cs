namespace LetsChat.Server.Identity;

/// <summary>How wrong passwords lock sign-in: per account, and per client address across accounts.</summary>
public sealed class LockoutOptions
{
    public int FailuresPerAccount { get; set; } = 5;
    public int FailuresPerAddress { get; set; } = 20;
    /// <summary>How long a lockout lasts, and the window an address's failures are counted in.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

using Microsoft.AspNetCore.DataProtection;

namespace LetsChat.Server.Identity;

/// <summary>
/// A one-time-use-in-spirit address to start linking a provider: it names the user, the session and the provider,
/// is protected by the data protection keys, and lives ten minutes. A link started without one (from another site,
/// say) is refused, so nobody can link their own Google or GitHub account to somebody else's Let's Chat account.
/// </summary>
public sealed class LinkTickets(IDataProtectionProvider protection, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("LetsChat.LinkTickets").ToTimeLimitedDataProtector();

    public string Issue(long userId, string sessionId, string provider) =>
        _protector.Protect($"{userId}:{sessionId}:{provider}", time.GetUtcNow() + Lifetime);

    /// <summary>The "user:session" the ticket was issued to, when it is genuine, unexpired and for this provider.</summary>
    public string? Read(string? ticket, string provider)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(ticket).Split(':');
            return parts.Length == 3 && parts[2] == provider ? $"{parts[0]}:{parts[1]}" : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

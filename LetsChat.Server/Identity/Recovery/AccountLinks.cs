using LetsChat.Components.Shared;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using LetsChat.Components.Identity;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Identity;

/// <summary>
/// One-time account links: password resets (an hour) and e-mail confirmations (a day). The token is shown once, in the
/// link; only its SHA-256 is stored, and claiming it is one conditional update, so two redemptions at once cannot both win.
/// </summary>
public sealed partial class AccountLinks(
    IDbContextFactory<LetsChatDb> dbFactory,
    LocalAccounts localAccounts,
    UserSessions sessions,
    SessionSignIn signIn,
    UserAccounts accounts,
    IOptionsMonitor<LetsChatOptions> options,
    TimeProvider time,
    ILogger<AccountLinks> logger)
{
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromHours(24);
    public const string PasswordWasReset = "Your password was reset. Sign in again.";

    /// <summary>Makes a reset link for the user and voids their earlier unused ones; returns the path <c>/reset/{token}</c>.</summary>
    public async Task<string> CreateResetLinkAsync(long userId, long? createdById = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Only the newest link works: one found in an old mail or a screenshot is already dead.
        await db.AccountTokens
            .Where(t => t.UserId == userId && t.Purpose == AccountTokenPurpose.ResetPassword && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.ExpiresAt, now), cancellationToken);
        var token = await AddTokenAsync(db, userId, AccountTokenPurpose.ResetPassword, null, ResetLifetime, createdById, cancellationToken);
        Log.ResetLinkMade(logger, userId, createdById);
        return "/reset/" + token;
    }

    /// <summary>Makes a confirmation link for an address the user gave; returns the path <c>/confirm-email/{token}</c>.</summary>
    public async Task<string> CreateEmailConfirmationAsync(long userId, string email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await AddTokenAsync(db, userId, AccountTokenPurpose.ConfirmEmail, email.Trim(), ConfirmationLifetime, null, cancellationToken);
        return "/confirm-email/" + token;
    }

    /// <summary>Whether a reset link can still be used (the page asks before it shows the form).</summary>
    public async Task<bool> IsResetLinkLiveAsync(string? token, CancellationToken cancellationToken = default) =>
        await FindLiveAsync(token, AccountTokenPurpose.ResetPassword, cancellationToken) is not null;

    /// <summary>
    /// Sets a new password with a reset link: ends every session of the account (a thief's included), clears its
    /// lockout, and signs this browser in. A weak password is refused without using up the link.
    /// </summary>
    public async Task<Outcome> RedeemResetAsync(string? token, string? newPassword, HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        if (await FindLiveAsync(token, AccountTokenPurpose.ResetPassword, cancellationToken) is not { } link)
        {
            return Outcome.Refused(AccountLinkMessages.DeadLink);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == link.UserId, cancellationToken);
        if (user is null || user.DeletedAt is not null || user.IsBanned)
        {
            return Outcome.Refused(AccountLinkMessages.DeadLink);
        }

        if (PasswordRules.Refusal(newPassword, user.Handle) is { } weak)
        {
            return Outcome.Refused(weak);
        }

        if (!await ClaimAsync(db, link.Id, cancellationToken))
        {
            return Outcome.Refused(AccountLinkMessages.DeadLink);
        }

        if (await localAccounts.SetPasswordAsync(user, newPassword) is { } refused)
        {
            return Outcome.Refused(refused);
        }

        await sessions.EndAllAsync(user.Id, PasswordWasReset);
        await signIn.SignInAsync(http, user, LocalAccounts.Method);
        Log.PasswordReset(logger, user.Id);
        return Outcome.Done();
    }

    /// <summary>
    /// Makes the link's address the account's, confirmed. The configured moderators' grant applies only to the first
    /// address an account ever confirms, so a demotion on /admin survives a later confirmation.
    /// </summary>
    public async Task<Outcome> ConfirmEmailAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (await FindLiveAsync(token, AccountTokenPurpose.ConfirmEmail, cancellationToken) is not { Email: { } email } link)
        {
            return Outcome.Refused(AccountLinkMessages.DeadLink);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == link.UserId, cancellationToken);
        if (user is null || user.DeletedAt is not null || user.IsBanned)
        {
            return Outcome.Refused(AccountLinkMessages.DeadLink);
        }

        var upper = email.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.Id != user.Id && u.DeletedAt == null && u.Email != null && u.Email.ToUpper() == upper, cancellationToken))
        {
            return Outcome.Refused(IdentityRefusals.EmailInUse);
        }

        var confirmedBefore = user.EmailConfirmed || await db.AccountTokens.AnyAsync(
            t => t.UserId == user.Id && t.Purpose == AccountTokenPurpose.ConfirmEmail && t.UsedAt != null, cancellationToken);
        if (!await ClaimAsync(db, link.Id, cancellationToken))
        {
            return Outcome.Refused(AccountLinkMessages.DeadLink);
        }

        user.Email = email;
        user.EmailConfirmed = true;
        if (!confirmedBefore && accounts.IsConfiguredModerator(email))
        {
            user.IsModerator = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Done();
    }

    /// <summary>The link as a full address: under <c>LetsChat:PublicUrl</c> when set, else the request's own site.</summary>
    public string Absolute(string path, HttpContext? http)
    {
        if (options.CurrentValue.PublicUrl is { Length: > 0 } publicUrl)
        {
            return publicUrl.TrimEnd('/') + path;
        }

        return http is null ? path : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}";
    }

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<string> AddTokenAsync(LetsChatDb db, long userId, AccountTokenPurpose purpose, string? email, TimeSpan lifetime, long? createdById, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        db.AccountTokens.Add(new AccountToken
        {
            UserId = userId,
            Purpose = purpose,
            TokenHash = Hash(token),
            Email = email,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            CreatedById = createdById,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    private async Task<AccountToken?> FindLiveAsync(string? token, AccountTokenPurpose purpose, CancellationToken cancellationToken)
    {
        // A real token is 43 characters of base64url; anything else is not worth a query.
        if (token is not { Length: > 20 and < 100 })
        {
            return null;
        }

        var hash = Hash(token);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AccountTokens.AsNoTracking()
            .SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose && t.UsedAt == null && t.ExpiresAt > now, cancellationToken);
    }

    // True for the one caller that marks the token used while it is still unused and unexpired.
    private async Task<bool> ClaimAsync(LetsChatDb db, long tokenId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await db.AccountTokens
            .Where(t => t.Id == tokenId && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), cancellationToken) == 1;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Reset link made for user {UserId} (by moderator {ModeratorId})")]
        public static partial void ResetLinkMade(ILogger logger, long userId, long? moderatorId);

        [LoggerMessage(LogLevel.Information, "User {UserId} set a new password with a reset link; every other session ended")]
        public static partial void PasswordReset(ILogger logger, long userId);
    }
}

using LetsChat.Components.Identity;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Identity;

/// <summary>What a sign-in provider told us about a person.</summary>
public sealed record ExternalIdentity(string Provider, string Subject, string? DisplayName, string? Email, bool EmailVerified, string? AvatarUrl, string? Login);

/// <summary>Finds the user behind a sign-in, creating them the first time.</summary>
public sealed class UserAccounts(
    IDbContextFactory<LetsChatDb> dbFactory,
    IOptionsMonitor<LetsChatOptions> options,
    TimeProvider time,
    ILogger<UserAccounts> logger)
{
    /// <returns>The user, or a refusal a person can read (a banned account).</returns>
    public async Task<(User? User, string? Refusal)> SignInAsync(ExternalIdentity identity, CancellationToken cancellationToken = default)
    {
        // Whatever a provider sends is stored only as valid, printable text.
        identity = identity with
        {
            Subject = PlainText.Clean(identity.Subject, keepLineBreaks: false),
            Email = Optional(identity.Email),
            AvatarUrl = Optional(identity.AvatarUrl),
            Login = Optional(identity.Login),
            DisplayName = Optional(identity.DisplayName),
        };

        // Two first sign-ins racing for the same handle or login: the loser retries against what the winner stored.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TrySignInAsync(identity, cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < 5 && DatabaseErrors.IsUniqueViolation(ex))
            {
                logger.SignInRaced(identity.Provider);
            }
        }
    }

    private async Task<(User? User, string? Refusal)> TrySignInAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var login = await db.ExternalLogins
            .FirstOrDefaultAsync(l => l.Provider == identity.Provider && l.Subject == identity.Subject, cancellationToken);

        User user;
        if (login is not null)
        {
            user = await db.Users.SingleAsync(u => u.Id == login.UserId, cancellationToken);
            if (user.DeletedAt is not null)
            {
                return (null, IdentityRefusals.AccountDeleted);
            }

            login.LastUsedAt = now;
            // The provider stays the source of the picture; the display name is the user's own once chosen. A local
            // account's own e-mail is never replaced by a linked provider's.
            if (user.PasswordHash is null || user.Email is null)
            {
                user.Email = identity.Email ?? user.Email;
                user.EmailConfirmed = identity.Email is not null ? identity.EmailVerified : user.EmailConfirmed;
            }

            user.ProviderAvatarUrl = identity.AvatarUrl ?? user.ProviderAvatarUrl;
        }
        else
        {
            var displayName = DisplayNames.Clean(identity.DisplayName) ?? DisplayNames.Clean(identity.Login) ?? "New user";
            var handle = await Handles.MakeUniqueAsync(db, Handles.Propose(identity.Login ?? displayName), cancellationToken);
            user = new User
            {
                DisplayName = displayName,
                SearchName = DisplayNames.SearchKey(displayName),
                Handle = handle,
                NormalizedHandle = Handles.Normalize(handle),
                WebAuthnUserId = User.NewWebAuthnUserId(),
                Email = identity.Email,
                EmailConfirmed = identity.Email is not null && identity.EmailVerified,
                ProviderAvatarUrl = identity.AvatarUrl,
                CreatedAt = now,
                LastSeenAt = now,
            };
            user.Logins.Add(new ExternalLogin { Provider = identity.Provider, Subject = identity.Subject, Label = identity.Login ?? identity.Email, CreatedAt = now, LastUsedAt = now });
            db.Users.Add(user);
            logger.SignedUp(handle, identity.Provider);
            // The configured moderators' grant applies once, at the first sign-in, and only to an address the provider
            // verified: a demotion on /admin sticks, and nobody becomes a moderator by typing someone's address.
            if (user.EmailConfirmed && IsConfiguredModerator(user.Email))
            {
                user.IsModerator = true;
            }
        }

        if (user.IsBanned)
        {
            return (null, "This account is banned" + (string.IsNullOrWhiteSpace(user.BanReason) ? "." : $": {user.BanReason}"));
        }

        await db.SaveChangesAsync(cancellationToken);
        return (user, null);
    }

    private static string? Optional(string? text) => PlainText.Clean(text, keepLineBreaks: false).Trim() is { Length: > 0 } clean ? clean : null;

    /// <summary>Links a provider's account to a signed-in user; refused when that account already signs in to someone.</summary>
    public async Task<string?> LinkAsync(long userId, ExternalIdentity identity, CancellationToken cancellationToken = default)
    {
        var subject = PlainText.Clean(identity.Subject, keepLineBreaks: false);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.ExternalLogins.FirstOrDefaultAsync(l => l.Provider == identity.Provider && l.Subject == subject, cancellationToken);
        if (existing is not null)
        {
            return existing.UserId == userId ? null : IdentityRefusals.ExternalAccountInUse;
        }

        if (await db.ExternalLogins.AnyAsync(l => l.UserId == userId && l.Provider == identity.Provider, cancellationToken))
        {
            return "Unlink the one you have first: one account per provider.";
        }

        var now = time.GetUtcNow();
        db.ExternalLogins.Add(new ExternalLogin
        {
            UserId = userId, Provider = identity.Provider, Subject = subject, Label = Optional(identity.Login) ?? Optional(identity.Email), CreatedAt = now, LastUsedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            return IdentityRefusals.ExternalAccountInUse;
        }

        logger.Linked(userId, identity.Provider);
        return null;
    }

    /// <summary>Whether a configured moderator address is this one; used once, when an address is first verified.</summary>
    public bool IsConfiguredModerator(string? email) =>
        email is not null && options.CurrentValue.Moderators.Any(m => string.Equals(m.Trim(), email, StringComparison.OrdinalIgnoreCase));
}

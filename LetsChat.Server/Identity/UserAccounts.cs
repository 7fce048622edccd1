using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Identity;

/// <summary>What a sign-in provider told us about a person.</summary>
public sealed record ExternalIdentity(string Provider, string Subject, string? DisplayName, string? Email, string? AvatarUrl, string? Login);

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
            catch (DbUpdateException ex) when (attempt < 3 && DatabaseErrors.IsUniqueViolation(ex))
            {
                logger.LogInformation("Sign-in of {Provider} user raced another; retrying", identity.Provider);
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
            login.LastUsedAt = now;
            // The provider stays the source of the e-mail and picture; the display name is the user's own once chosen.
            user.Email = identity.Email ?? user.Email;
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
                Email = identity.Email,
                ProviderAvatarUrl = identity.AvatarUrl,
                CreatedAt = now,
                LastSeenAt = now,
            };
            user.Logins.Add(new ExternalLogin { Provider = identity.Provider, Subject = identity.Subject, CreatedAt = now, LastUsedAt = now });
            db.Users.Add(user);
            logger.LogInformation("New user @{Handle} signed up with {Provider}", handle, identity.Provider);
        }

        if (user.IsBanned)
        {
            return (null, "This account is banned" + (string.IsNullOrWhiteSpace(user.BanReason) ? "." : $": {user.BanReason}"));
        }

        if (IsConfiguredModerator(user.Email))
        {
            user.IsModerator = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        return (user, null);
    }

    private static string? Optional(string? text) => PlainText.Clean(text, keepLineBreaks: false).Trim() is { Length: > 0 } clean ? clean : null;

    private bool IsConfiguredModerator(string? email) =>
        email is not null && options.CurrentValue.Moderators.Any(m => string.Equals(m.Trim(), email, StringComparison.OrdinalIgnoreCase));
}

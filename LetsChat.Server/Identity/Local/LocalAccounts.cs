using LetsChat.Components.Identity;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Profiles;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Identity;

/// <summary>What a new local account is made with; a null password means a passkey will be its way in.</summary>
public sealed record SignUpRequest(string? Handle, string? DisplayName, string? Password, string? Email = null);

/// <summary>The outcome of a password sign-in: the user, or a refusal a person can read.</summary>
public sealed record PasswordSignInResult(User? User, string? Refusal);

/// <summary>
/// Local accounts: made with a handle, a display name and a password (or a passkey), signed in to with the handle or
/// the e-mail and the password. Hashing, password rules and the per-account lockout are Identity's
/// (<see cref="UserManager{TUser}"/>); the per-address lockout is <see cref="AddressLockout"/>.
/// </summary>
public sealed class LocalAccounts(
    UserManager<User> users,
    IDbContextFactory<LetsChatDb> dbFactory,
    AddressLockout addresses,
    TimeProvider time,
    ILogger<LocalAccounts> logger)
{
    public const string Method = "password";

    /// <summary>Checks a sign-up without making anything; a passkey sign-up asks this before the ceremony starts.</summary>
    public async Task<(string Handle, string DisplayName, string? Email)?> CheckSignUpAsync(SignUpRequest request, List<string> errors, CancellationToken cancellationToken = default)
    {
        var handle = request.Handle?.Trim().TrimStart('@') ?? string.Empty;
        if (!Handles.IsValid(handle))
        {
            errors.Add(ProfileService.BadHandle);
        }

        if (request.DisplayName?.Trim().Length > DisplayNames.MaxLength)
        {
            errors.Add(IdentityRefusals.DisplayNameTooLong);
        }

        var displayName = DisplayNames.Clean(request.DisplayName);
        if (displayName is null)
        {
            errors.Add(IdentityRefusals.ChooseDisplayName);
        }

        var email = PlainText.Clean(request.Email, keepLineBreaks: false).Trim() is { Length: > 0 } e ? e : null;
        if (email is not null && (email.Length > 320 || !email.Contains('@', StringComparison.Ordinal) || email.StartsWith('@') || email.EndsWith('@')))
        {
            errors.Add("That e-mail address does not look right.");
        }

        if (request.Password is not null && PasswordRules.Refusal(request.Password, handle) is { } weak)
        {
            errors.Add(weak);
        }

        if (Handles.IsValid(handle))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var normalized = Handles.Normalize(handle);
            if (await db.Users.AnyAsync(u => u.NormalizedHandle == normalized, cancellationToken))
            {
                errors.Add(IdentityRefusals.HandleTaken(handle));
            }

            var upperEmail = email?.ToUpperInvariant();
            if (upperEmail is not null && await db.Users.AnyAsync(u => u.Email != null && u.Email.ToUpper() == upperEmail, cancellationToken))
            {
                errors.Add(IdentityRefusals.EmailInUse);
            }
        }

        return errors.Count == 0 ? (handle, displayName!, email) : null;
    }

    /// <summary>Makes the account; with a password it is hashed by Identity. Returns the user or the reasons it was refused.</summary>
    public async Task<(User? User, IReadOnlyList<string> Errors)> SignUpAsync(SignUpRequest request, string? webAuthnUserId = null, CancellationToken cancellationToken = default)
    {
        List<string> errors = [];
        if (request.Password is null && webAuthnUserId is null)
        {
            errors.Add($"Use a password of at least {PasswordRules.MinimumLength} characters.");
        }

        if (await CheckSignUpAsync(request, errors, cancellationToken) is not var (handle, displayName, email) || errors.Count > 0)
        {
            return (null, errors);
        }

        var now = time.GetUtcNow();
        var user = new User
        {
            DisplayName = displayName,
            SearchName = DisplayNames.SearchKey(displayName),
            Handle = handle,
            NormalizedHandle = Handles.Normalize(handle),
            WebAuthnUserId = webAuthnUserId ?? User.NewWebAuthnUserId(),
            Email = email,
            CreatedAt = now,
            LastSeenAt = now,
        };
        if (request.Password is not null)
        {
            user.PasswordHash = users.PasswordHasher.HashPassword(user, request.Password);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            return (null, [IdentityRefusals.HandleTaken(handle)]);
        }

        logger.SignedUpLocally(handle, request.Password is null ? "passkey" : "password");
        return (user, []);
    }

    /// <summary>Signs in with a handle or e-mail and a password, counting failures per account and per address.</summary>
    public async Task<PasswordSignInResult> PasswordSignInAsync(string? login, string? password, string address, CancellationToken cancellationToken = default)
    {
        if (await addresses.LockedUntilAsync(address, cancellationToken) is { } addressLocked)
        {
            return new(null, LockedOut("from this address", addressLocked));
        }

        if (string.IsNullOrWhiteSpace(login) || string.IsNullOrEmpty(password))
        {
            return new(null, "Enter your handle or e-mail and your password.");
        }

        var user = await FindAsync(login.Trim(), cancellationToken);
        if (user is null || user.PasswordHash is null)
        {
            // The same answer as a wrong password, after the same work, so that nobody learns which handles exist.
            users.PasswordHasher.VerifyHashedPassword(user ?? new User { DisplayName = "", SearchName = "", Handle = "", NormalizedHandle = "", WebAuthnUserId = "" }, DummyHash, password);
            return new(null, await WrongAsync(address, cancellationToken));
        }

        if (await users.IsLockedOutAsync(user))
        {
            return new(null, LockedOut("for this account", user.LockoutEnd!.Value));
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            if (await users.IsLockedOutAsync(user))
            {
                return new(null, LockedOut("for this account", user.LockoutEnd!.Value));
            }

            return new(null, await WrongAsync(address, cancellationToken));
        }

        if (user.IsBanned)
        {
            return new(null, "This account is banned" + (string.IsNullOrWhiteSpace(user.BanReason) ? "." : $": {user.BanReason}"));
        }

        await users.ResetAccessFailedCountAsync(user);
        return new(user, null);
    }

    /// <summary>Changes the password of a user who knows the current one (or sets a first one when they have none).</summary>
    public async Task<string?> ChangePasswordAsync(long userId, string? currentPassword, string? newPassword, CancellationToken cancellationToken = default)
    {
        var user = await LoadAsync(userId, cancellationToken);
        if (user is null)
        {
            return IdentityRefusals.AccountGone;
        }

        if (user.PasswordHash is not null && await ConfirmPasswordAsync(user, currentPassword, "Your current password is not right.") is { } refusal)
        {
            return refusal;
        }

        return await SetPasswordAsync(user, newPassword);
    }

    /// <summary>Sets a new password without the old one: only after a reset link proved the right to.</summary>
    public async Task<string?> SetPasswordAsync(User user, string? newPassword)
    {
        if (PasswordRules.Refusal(newPassword, user.Handle) is { } weak)
        {
            return weak;
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, newPassword!);
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        await users.UpdateAsync(user);
        return null;
    }

    /// <summary>
    /// A signed-in user proving it is them (changing the password, deleting the account): wrong passwords count toward
    /// the account's lockout as at sign-in, so a stolen session cannot guess the password here instead.
    /// </summary>
    /// <returns>null when the password is right; otherwise the refusal to show.</returns>
    public async Task<string?> ConfirmPasswordAsync(long userId, string? password, string wrong, CancellationToken cancellationToken = default) =>
        await LoadAsync(userId, cancellationToken) is { PasswordHash: not null } user
            ? await ConfirmPasswordAsync(user, password, wrong)
            : wrong;

    private async Task<string?> ConfirmPasswordAsync(User user, string? password, string wrong)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return LockedOut("for this account", user.LockoutEnd!.Value);
        }

        if (!string.IsNullOrEmpty(password) && await users.CheckPasswordAsync(user, password))
        {
            await users.ResetAccessFailedCountAsync(user);
            return null;
        }

        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user) ? LockedOut("for this account", user.LockoutEnd!.Value) : wrong;
    }

    public async Task<bool> CheckPasswordAsync(long userId, string? password, CancellationToken cancellationToken = default) =>
        !string.IsNullOrEmpty(password) && await LoadAsync(userId, cancellationToken) is { PasswordHash: not null } user && await users.CheckPasswordAsync(user, password);

    private async Task<User?> LoadAsync(long userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken);
    }

    private async Task<User?> FindAsync(string login, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await FindByLoginAsync(db, login, cancellationToken);
    }

    /// <summary>The account a sign-in name means: a handle (with or without @), or an address that names one account with a password.</summary>
    internal static async Task<User?> FindByLoginAsync(LetsChatDb db, string login, CancellationToken cancellationToken)
    {
        var handle = Handles.Normalize(login.TrimStart('@'));
        var byHandle = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedHandle == handle && u.DeletedAt == null, cancellationToken);
        if (byHandle is not null || !login.Contains('@', StringComparison.Ordinal))
        {
            return byHandle;
        }

        // An address signs in only where it names one account with a password (sign-up refuses one already in use).
        var upper = login.ToUpperInvariant();
        var byEmail = await db.Users.AsNoTracking()
            .Where(u => u.Email != null && u.Email.ToUpper() == upper && u.PasswordHash != null && u.DeletedAt == null)
            .Take(2)
            .ToListAsync(cancellationToken);
        return byEmail.Count == 1 ? byEmail[0] : null;
    }

    private async Task<string> WrongAsync(string address, CancellationToken cancellationToken) =>
        await addresses.FailedAsync(address, cancellationToken) is { } locked
            ? LockedOut("from this address", locked)
            : "That handle or e-mail and password do not match.";

    private string LockedOut(string scope, DateTimeOffset until)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((until - time.GetUtcNow()).TotalMinutes));
        return $"Too many wrong passwords {scope}. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}, at {until:HH:mm} UTC.";
    }

    // A hash of nothing in particular, checked for unknown handles so that they cost what a wrong password costs.
    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(
        new User { DisplayName = "", SearchName = "", Handle = "", NormalizedHandle = "", WebAuthnUserId = "" }, Guid.NewGuid().ToString());
}

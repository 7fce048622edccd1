using System.Globalization;
using LetsChat.Server.Data;
using LetsChat.Server.Profiles;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Identity;

/// <summary>
/// ASP.NET Core Identity's view of our own user table, so that its <see cref="UserManager{TUser}"/> hashes and checks
/// passwords, counts failures toward a lockout and verifies passkeys, with no second user table. Identity's "user id" is
/// the passkey user handle (<see cref="User.WebAuthnUserId"/>), its "user name" the handle.
/// </summary>
internal sealed class LetsChatUserStore(IDbContextFactory<LetsChatDb> dbFactory, TimeProvider time) :
    IUserPasswordStore<User>, IUserLockoutStore<User>, IUserPasskeyStore<User>
{
    public Task<string> GetUserIdAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.WebAuthnUserId);

    public Task<string?> GetUserNameAsync(User user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Handle);

    public Task SetUserNameAsync(User user, string? userName, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Handles change through the profile service.");

    public Task<string?> GetNormalizedUserNameAsync(User user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedHandle);

    public Task SetNormalizedUserNameAsync(User user, string? normalizedName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IdentityResult> CreateAsync(User user, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Accounts are created by LocalAccounts and UserAccounts.");

    public async Task<IdentityResult> UpdateAsync(User user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Only what Identity owns is written back, so that a stale copy never undoes a rename or a ban.
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(
            u => u.SetProperty(x => x.PasswordHash, user.PasswordHash)
                .SetProperty(x => x.AccessFailedCount, user.AccessFailedCount)
                .SetProperty(x => x.LockoutEnd, user.LockoutEnd),
            cancellationToken);
        return IdentityResult.Success;
    }

    public Task<IdentityResult> DeleteAsync(User user, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Accounts are deleted by AccountDeletion.");

    public async Task<User?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.WebAuthnUserId == userId && u.DeletedAt == null, cancellationToken);
    }

    public async Task<User?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var handle = Handles.Normalize(normalizedUserName);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedHandle == handle && u.DeletedAt == null, cancellationToken);
    }

    public Task SetPasswordHashAsync(User user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(User user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(User user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(User user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(User user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetLockoutEnabledAsync(User user, bool enabled, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task AddOrUpdatePasskeyAsync(User user, UserPasskeyInfo passkey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.Passkeys.SingleOrDefaultAsync(p => p.UserId == user.Id && p.CredentialId == passkey.CredentialId, cancellationToken);
        if (stored is null)
        {
            db.Passkeys.Add(new UserPasskey
            {
                UserId = user.Id,
                CredentialId = passkey.CredentialId,
                PublicKey = passkey.PublicKey,
                Name = string.IsNullOrWhiteSpace(passkey.Name) ? "Passkey" : passkey.Name,
                CreatedAt = passkey.CreatedAt,
                SignCount = passkey.SignCount,
                Transports = passkey.Transports is { Length: > 0 } transports ? string.Join(' ', transports) : null,
                IsUserVerified = passkey.IsUserVerified,
                IsBackupEligible = passkey.IsBackupEligible,
                IsBackedUp = passkey.IsBackedUp,
                AttestationObject = passkey.AttestationObject,
                ClientDataJson = passkey.ClientDataJson,
            });
        }
        else
        {
            stored.SignCount = passkey.SignCount;
            stored.IsBackedUp = passkey.IsBackedUp;
            stored.IsUserVerified = passkey.IsUserVerified;
            stored.LastUsedAt = time.GetUtcNow();
            if (!string.IsNullOrWhiteSpace(passkey.Name))
            {
                stored.Name = passkey.Name;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IList<UserPasskeyInfo>> GetPasskeysAsync(User user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var passkeys = await db.Passkeys.AsNoTracking().Where(p => p.UserId == user.Id).ToListAsync(cancellationToken);
        return [.. passkeys.Select(ToInfo)];
    }

    public async Task<User?> FindByPasskeyIdAsync(byte[] credentialId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Passkeys.Where(p => p.CredentialId == credentialId)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => u)
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<UserPasskeyInfo?> FindPasskeyAsync(User user, byte[] credentialId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var passkey = await db.Passkeys.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == user.Id && p.CredentialId == credentialId, cancellationToken);
        return passkey is null ? null : ToInfo(passkey);
    }

    public async Task RemovePasskeyAsync(User user, byte[] credentialId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Passkeys.Where(p => p.UserId == user.Id && p.CredentialId == credentialId).ExecuteDeleteAsync(cancellationToken);
    }

    public void Dispose()
    {
    }

    private static UserPasskeyInfo ToInfo(UserPasskey p) => new(
        p.CredentialId,
        p.PublicKey,
        p.CreatedAt,
        (uint)Math.Clamp(p.SignCount, 0, uint.MaxValue),
        p.Transports?.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        p.IsUserVerified,
        p.IsBackupEligible,
        p.IsBackedUp,
        p.AttestationObject,
        p.ClientDataJson)
    {
        Name = p.Name,
    };

}

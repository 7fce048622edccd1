using LetsChat.Components.Shared;
using LetsChat.Components.Identity;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Identity;

/// <summary>
/// The account section of /me for the user of one circuit: signed-in devices, sign-in methods, password changes.
/// Every call re-checks the caller's live session; a way in is never removed when it is the last one.
/// </summary>
internal sealed partial class AccountService(
    CurrentUser currentUser,
    UserSessions sessions,
    LocalAccounts localAccounts,
    LinkTickets linkTickets,
    SignInChoices choices,
    IDbContextFactory<LetsChatDb> dbFactory,
    ILogger<AccountService> logger) : IAccountService
{
    public const string LastWayIn = "This is your last way to sign in. Add another first.";
    public const string PasswordChanged = "Your password was changed. Sign in again.";
    public const string SignedOutEverywhere = "You signed out everywhere. Reload to sign in again.";
    public const string SignedOutThisDevice = "This device was signed out from another one. Reload to sign in again.";

    public async Task<AccountView?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        var thisSession = await currentUser.SessionIdAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Include(u => u.Logins).SingleAsync(u => u.Id == me.Id, cancellationToken);
        var passkeys = await db.Passkeys.AsNoTracking().Where(p => p.UserId == me.Id).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        List<SignInMethodView> methods = [];
        if (user.PasswordHash is not null)
        {
            methods.Add(new SignInMethodView(SignInMethodKind.Password, "password", "Password", user.CreatedAt, null));
        }

        methods.AddRange(passkeys.Select(p => new SignInMethodView(SignInMethodKind.Passkey, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Name, p.CreatedAt, p.LastUsedAt)));
        foreach (var login in user.Logins.Where(l => KindOf(l.Provider) is not null).OrderBy(l => l.CreatedAt))
        {
            var kind = KindOf(login.Provider)!.Value;
            methods.Add(new SignInMethodView(kind, login.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), login.Label is { } label ? $"{kind}: {label}" : kind.ToString(), login.CreatedAt, login.LastUsedAt));
        }

        var devices = (await sessions.ListAsync(me.Id, cancellationToken))
            .Select(s => new DeviceView(s.Id, DeviceNames.Describe(s.UserAgent), s.Address, MethodName(s.Method), s.CreatedAt, s.LastSeenAt, s.Id == thisSession))
            .OrderByDescending(d => d.IsThisDevice)
            .ThenByDescending(d => d.LastActiveAt)
            .ToList();
        string? LinkUrl(bool configured, string provider) =>
            configured && !user.Logins.Any(l => l.Provider == provider) && thisSession is not null
                ? $"/account/link/{provider}?ticket={Uri.EscapeDataString(linkTickets.Issue(me.Id, thisSession, provider))}"
                : null;
        return new AccountView(
            user.Handle, user.Email, user.EmailConfirmed, user.PasswordHash is not null, methods, devices,
            LinkUrl(choices.Google, "google"), LinkUrl(choices.GitHub, "github"));
    }

    public async Task<Outcome> ChangePasswordAsync(string? currentPassword, string? newPassword, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        if (await localAccounts.ChangePasswordAsync(me.Id, currentPassword, newPassword, cancellationToken) is { } refusal)
        {
            return Outcome.Refused(refusal);
        }

        // Whoever knew the old password is signed out everywhere; the browser that changed it stays in.
        await sessions.EndAllAsync(me.Id, PasswordChanged, keep: await currentUser.SessionIdAsync());
        Log.PasswordChanged(logger, me.Id);
        return Outcome.Done();
    }

    public async Task<Outcome> SignOutDeviceAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        return await sessions.EndAsync(me.Id, sessionId, SignedOutThisDevice)
            ? Outcome.Done()
            : Outcome.Refused("That device is already signed out.");
    }

    public async Task<Outcome> SignOutEverywhereAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        await sessions.EndAllAsync(me.Id, SignedOutEverywhere);
        return Outcome.Done();
    }

    public async Task<Outcome> RemoveSignInMethodAsync(SignInMethodKind kind, string id, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        _ = long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rowId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ways = await WaysInAsync(db, me.Id, cancellationToken);
        if (ways <= 1)
        {
            return Outcome.Refused(LastWayIn);
        }

        var removed = kind switch
        {
            SignInMethodKind.Password => await db.Users.Where(u => u.Id == me.Id && u.PasswordHash != null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, (string?)null), cancellationToken),
            SignInMethodKind.Passkey => await db.Passkeys.Where(p => p.Id == rowId && p.UserId == me.Id).ExecuteDeleteAsync(cancellationToken),
            SignInMethodKind.Google or SignInMethodKind.GitHub => await db.ExternalLogins
                .Where(l => l.Id == rowId && l.UserId == me.Id && l.Provider == kind.ToString().ToLowerInvariant())
                .ExecuteDeleteAsync(cancellationToken),
            _ => 0,
        };
        await transaction.CommitAsync(cancellationToken);
        return removed > 0 ? Outcome.Done() : Outcome.Refused("That sign-in method is already gone.");
    }

    public async Task<Outcome> RenamePasskeyAsync(string id, string name, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        if (PasskeyNames.Clean(name) is not { } clean || !long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rowId))
        {
            return Outcome.Refused("Give the passkey a name.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var renamed = await db.Passkeys.Where(p => p.Id == rowId && p.UserId == me.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.Name, clean), cancellationToken);
        return renamed > 0 ? Outcome.Done() : Outcome.Refused("That passkey is gone.");
    }

    /// <summary>How many ways into the account there are: a password, each passkey, each provider (the dev sign-in counts).</summary>
    internal static async Task<int> WaysInAsync(LetsChatDb db, long userId, CancellationToken cancellationToken) =>
        await db.Users.CountAsync(u => u.Id == userId && u.PasswordHash != null, cancellationToken)
        + await db.Passkeys.CountAsync(p => p.UserId == userId, cancellationToken)
        + await db.ExternalLogins.CountAsync(l => l.UserId == userId, cancellationToken);

    private static SignInMethodKind? KindOf(string provider) => provider switch
    {
        "google" => SignInMethodKind.Google,
        "github" => SignInMethodKind.GitHub,
        _ => null,
    };

    private static string MethodName(string method) => method switch
    {
        "password" => "password",
        "passkey" => "passkey",
        "google" => "Google",
        "github" => "GitHub",
        "dev" => "development sign-in",
        _ => method,
    };

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "User {UserId} changed their password; their other sessions ended")]
        public static partial void PasswordChanged(ILogger logger, long userId);
    }
}

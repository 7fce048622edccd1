using LetsChat.Components.Shared;
using System.Net.Sockets;
using System.Security.Authentication;
using LetsChat.Components.Identity;
using LetsChat.Server.Data;
using LetsChat.Server.Profiles;
using MailKit;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Identity;

/// <summary>
/// The recovery pages' service: asking for a reset link by mail, redeeming it, confirming an address; and the
/// confirmation mail that sign-up sends (<see cref="SendConfirmationIfPossibleAsync"/>).
/// </summary>
public sealed partial class AccountRecovery(
    AccountLinks links,
    AccountMail mail,
    ResetRequestLimits limits,
    IDbContextFactory<LetsChatDb> dbFactory,
    ILogger<AccountRecovery> logger) : IAccountRecovery
{
    public Task<bool> IsResetLinkLiveAsync(string? token) => links.IsResetLinkLiveAsync(token);

    public Task<Outcome> ResetPasswordAsync(HttpContext httpContext, string? token, string? newPassword) =>
        links.RedeemResetAsync(token, newPassword, httpContext);

    public Task<Outcome> ConfirmEmailAsync(string? token) => links.ConfirmEmailAsync(token);

    public async Task<Outcome> RequestResetAsync(HttpContext httpContext, string? handleOrEmail)
    {
        if (!mail.IsConfigured)
        {
            return Outcome.Refused("Password reset by e-mail is not available on this site.");
        }

        if (!limits.TryAddress(httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown"))
        {
            return Outcome.Refused(AccountLinkMessages.TooManyResetRequests);
        }

        // From here on every path answers the same, so that nobody learns which handles and addresses have accounts.
        var user = await FindAsync(handleOrEmail?.Trim(), httpContext.RequestAborted);
        if (user is not { Email: { } email, IsBanned: false } || !limits.TryAccount(user.Id))
        {
            return Outcome.Done();
        }

        var path = await links.CreateResetLinkAsync(user.Id, cancellationToken: httpContext.RequestAborted);
        await TrySendAsync(() => mail.SendResetAsync(email, user.DisplayName, links.Absolute(path, httpContext), httpContext.RequestAborted), user.Id);
        return Outcome.Done();
    }

    /// <summary>
    /// Mails a confirmation link to the user's address when mail is configured and the address is not confirmed yet;
    /// for sign-up to call once the account exists. False when nothing was sent.
    /// </summary>
    public async Task<bool> SendConfirmationIfPossibleAsync(User user, HttpContext httpContext)
    {
        if (!mail.IsConfigured || user.Email is not { } email || user.EmailConfirmed)
        {
            return false;
        }

        var path = await links.CreateEmailConfirmationAsync(user.Id, email, httpContext.RequestAborted);
        return await TrySendAsync(() => mail.SendConfirmationAsync(email, user.DisplayName, links.Absolute(path, httpContext), httpContext.RequestAborted), user.Id);
    }

    private async Task<bool> TrySendAsync(Func<Task> send, long userId)
    {
        try
        {
            await send();
            return true;
        }
        catch (Exception ex) when (ex is IOException or SocketException or CommandException or ProtocolException or AuthenticationException or OperationCanceledException)
        {
            // The mail server is down or refused: the person sees the usual answer and can ask again later.
            Log.MailFailed(logger, ex, userId);
            return false;
        }
    }

    // By handle; or by an address that names exactly one account with a password (as password sign-in finds them).
    private async Task<User?> FindAsync(string? login, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(login) || login.Length > 320)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await LocalAccounts.FindByLoginAsync(db, login, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Could not send account mail to user {UserId}")]
        public static partial void MailFailed(ILogger logger, Exception exception, long userId);
    }
}

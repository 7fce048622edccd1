using Microsoft.AspNetCore.Http;

namespace LetsChat.Components.Identity;

/// <summary>What the one-time link pages say, in one place so the pages and the server agree.</summary>
public static class AccountLinkMessages
{
    public const string DeadLink = "This link has expired or was already used. Ask for a new one.";
    public const string ResetMailOnItsWay = "If that account has an e-mail address, a link is on its way.";
    public const string TooManyResetRequests = "Too many reset requests from this address. Try again in a few minutes.";
}

/// <summary>Getting back into an account: reset links by e-mail (<c>/forgot</c>, <c>/reset</c>) and e-mail confirmation.</summary>
public interface IAccountRecovery
{
    /// <summary>Whether a reset link still works, so the page can say so before the form is filled in.</summary>
    Task<bool> IsResetLinkLiveAsync(string? token);

    /// <summary>Sets the new password, ends every other session and signs this browser in; a refusal otherwise.</summary>
    Task<AccountResult> ResetPasswordAsync(HttpContext httpContext, string? token, string? newPassword);

    /// <summary>
    /// Mails a reset link to the account named by a handle or e-mail, when it has an address. Fails only when this
    /// client address asked too often; otherwise it says nothing about whether the account exists.
    /// </summary>
    Task<AccountResult> RequestResetAsync(HttpContext httpContext, string? handleOrEmail);

    Task<AccountResult> ConfirmEmailAsync(string? token);
}

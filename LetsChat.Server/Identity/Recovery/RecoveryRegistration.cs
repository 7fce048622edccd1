using LetsChat.Components.Identity;

namespace LetsChat.Server.Identity;

public static class RecoveryRegistration
{
    /// <summary>
    /// One-time links (password reset, e-mail confirmation), the mail that carries them when <c>Smtp:Host</c> is set,
    /// and the limits on asking for them. Reset links made on /admin or by <c>reset-link</c> work without mail.
    /// </summary>
    public static IHostApplicationBuilder AddLetsChatRecovery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section);
        builder.Services.AddSingleton<AccountMail>();
        builder.Services.AddSingleton<ResetRequestLimits>();
        builder.Services.AddScoped<AccountLinks>();
        builder.Services.AddScoped<AccountRecovery>();
        builder.Services.AddScoped<IAccountRecovery>(sp => sp.GetRequiredService<AccountRecovery>());
        builder.Services.AddScoped<ISignUpFollowUp, ConfirmEmailAfterSignUp>();
        return builder;
    }
}

/// <summary>A new local account that gave an e-mail gets the link that confirms it, when mail is set up.</summary>
internal sealed class ConfirmEmailAfterSignUp(AccountRecovery recovery) : ISignUpFollowUp
{
    public async Task SignedUpAsync(User user, HttpContext httpContext)
    {
        if (user.Email is not null)
        {
            await recovery.SendConfirmationIfPossibleAsync(user, httpContext);
        }
    }
}

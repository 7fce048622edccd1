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
        return builder;
    }
}

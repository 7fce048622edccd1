using LetsChat.Components.Notifications;

namespace LetsChat.Server.Notifications.Digests;

public static class DigestRegistration
{
    /// <summary>E-mail digests of what was left unread, where SMTP and the site's public address are configured.</summary>
    public static IHostApplicationBuilder AddLetsChatDigests(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section);
        builder.Services.AddSingleton<DigestMail>();
        builder.Services.AddSingleton<DigestMailer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DigestMailer>());
        builder.Services.AddScoped<IEmailDigestSettings, EmailDigestSettings>();
        return builder;
    }
}

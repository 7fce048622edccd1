using LetsChat.Components.Moderation;
using LetsChat.Server.Admin;

namespace LetsChat.Server.Moderation;

public static class ModerationRegistration
{
    /// <summary>Reports, the queue and its actions, slow mode, blocked words and held messages, and bans that end by themselves.</summary>
    public static IHostApplicationBuilder AddLetsChatModeration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BlockedWords>();
        builder.Services.AddHostedService(services => services.GetRequiredService<BlockedWords>());
        builder.Services.AddSingleton<SlowModeGate>();
        builder.Services.AddSingleton<ReviewNews>();
        builder.Services.AddSingleton<MessageRemoval>();
        builder.Services.AddSingleton<HeldMessages>();
        builder.Services.AddSingleton<Bans>();
        builder.Services.AddScoped<IReports, Reports>();
        builder.Services.AddScoped<ModeratorStatus>();
        builder.Services.AddScoped<LetsChat.Components.Admin.IModeratorStatus>(services => services.GetRequiredService<ModeratorStatus>());
        builder.Services.AddScoped<IModeration, ModerationService>();
        builder.Services.AddHostedService<BanExpiry>();
        return builder;
    }
}

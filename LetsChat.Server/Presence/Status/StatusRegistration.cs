using LetsChat.Components.Presence;
using LetsChat.Server.Scaling;

namespace LetsChat.Server.Presence.Status;

public static class StatusRegistration
{
    /// <summary>Away, do not disturb and custom statuses; activity shared through Redis when it is configured.</summary>
    public static IHostApplicationBuilder AddLetsChatStatus(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.RedisConnectionString() is not null)
        {
            builder.Services.AddSingleton<IActivityDirectory, RedisActivityDirectory>();
        }
        else
        {
            builder.Services.AddSingleton<IActivityDirectory, LocalActivityDirectory>();
        }

        builder.Services.AddSingleton<StatusBook>();
        builder.Services.AddSingleton<StatusAnnouncer>();
        builder.Services.AddSingleton<StatusSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatusSweeper>());
        builder.Services.AddScoped<IMyStatus, MyStatusService>();
        return builder;
    }
}

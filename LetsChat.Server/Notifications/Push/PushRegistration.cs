using LetsChat.Components.Notifications;

namespace LetsChat.Server.Notifications.Push;

public static class PushRegistration
{
    /// <summary>Web Push: VAPID keys, each user's devices, and the dispatcher that batches and sends.</summary>
    public static IHostApplicationBuilder AddLetsChatPush(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section);
        builder.Services.AddSingleton<VapidKeys>();
        builder.Services.AddSingleton<PushDispatcher>();
        builder.Services.AddHttpClient(PushDispatcher.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddScoped<IPushDevices, PushDevices>();
        return builder;
    }
}

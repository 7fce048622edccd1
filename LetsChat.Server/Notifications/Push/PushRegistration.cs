using LetsChat.Components.Notifications;

namespace LetsChat.Server.Notifications.Push;

public static class PushRegistration
{
    /// <summary>Web Push: VAPID keys, each user's devices, and the dispatcher that batches and sends.</summary>
    public static IHostApplicationBuilder AddLetsChatPush(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section);
        builder.Services.AddSingleton<VapidKeys>();
        builder.Services.AddSingleton<PushSender>();
        builder.Services.AddSingleton<PushDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PushDispatcher>());
        // Push services answer quickly; one that hangs must not hold the others' pushes for long. A push service never
        // redirects: following one would let a subscription's address lead the server somewhere else.
        builder.Services.AddHttpClient(PushSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        builder.Services.AddScoped<IPushDevices, PushDevices>();
        return builder;
    }
}

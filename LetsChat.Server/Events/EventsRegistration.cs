using LetsChat.Server.Scaling;

namespace LetsChat.Server.Events;

public static class EventsRegistration
{
    /// <summary>Redis pub/sub between instances when <c>ConnectionStrings:Redis</c> is set; otherwise the in-process bus.</summary>
    public static IHostApplicationBuilder AddLetsChatEvents(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.RedisConnectionString() is not null)
        {
            builder.Services.AddSingleton<EventTypes>();
            builder.Services.AddSingleton<IEventBus, RedisEventBus>();
        }
        else
        {
            builder.Services.AddSingleton<IEventBus, InProcessEventBus>();
        }

        builder.Services.Configure<DeliveryOptions>(builder.Configuration.GetSection(DeliveryOptions.Section));
        builder.Services.AddSingleton<DeliveryLanes>();
        builder.Services.AddScoped<LetsChat.Components.Shared.IUserFeed, UserFeed>();
        return builder;
    }
}

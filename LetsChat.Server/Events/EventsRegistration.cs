namespace LetsChat.Server.Events;

public static class EventsRegistration
{
    public static IHostApplicationBuilder AddLetsChatEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IEventBus, InProcessEventBus>();
        builder.Services.AddScoped<LetsChat.Components.Shared.IUserFeed, UserFeed>();
        return builder;
    }
}

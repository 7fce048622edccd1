namespace LetsChat.Server.Events;

public static class EventsRegistration
{
    public static IHostApplicationBuilder AddLetsChatEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IEventBus, InProcessEventBus>();
        return builder;
    }
}

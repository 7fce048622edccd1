using LetsChat.Components.Presence;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LetsChat.Server.Presence;

public static class PresenceRegistration
{
    public static IHostApplicationBuilder AddLetsChatPresence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PresenceOptions>().BindConfiguration("LetsChat");
        builder.Services.AddSingleton<PresenceService>();
        builder.Services.AddHostedService<PresenceBroadcaster>();
        builder.Services.AddScoped<UserCircuit>();
        builder.Services.AddScoped<ICircuitStatus>(sp => sp.GetRequiredService<UserCircuit>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, PresenceCircuitHandler>());
        builder.Services.AddScoped<IPresenceQuery, PresenceQuery>();
        return builder;
    }
}

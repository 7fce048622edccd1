using LetsChat.Components.Presence;
using LetsChat.Server.Presence.Status;
using LetsChat.Server.Scaling;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LetsChat.Server.Presence;

public static class PresenceRegistration
{
    public static IHostApplicationBuilder AddLetsChatPresence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.Section);
        builder.Services.AddSingleton<PresenceService>();
        if (builder.Configuration.RedisConnectionString() is not null)
        {
            builder.Services.AddSingleton<RedisPresence>();
            builder.Services.AddSingleton<IPresenceDirectory>(sp => sp.GetRequiredService<RedisPresence>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisPresence>());
            builder.Services.AddHostedService<RedisVisitorCircuits>();
        }
        else
        {
            builder.Services.AddSingleton<IPresenceDirectory, LocalPresenceDirectory>();
        }

        builder.Services.AddHostedService<PresenceBroadcaster>();
        builder.Services.AddSingleton<CircuitCloser>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CircuitCloser>());
        builder.Services.AddScoped<UserCircuit>();
        builder.Services.AddScoped<ICircuitStatus>(sp => sp.GetRequiredService<UserCircuit>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, PresenceCircuitHandler>());
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, ClosedCircuitGuard>());
        builder.Services.AddSingleton<VisitorCircuits>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, VisitorCircuitHandler>());
        builder.Services.AddScoped<IPresenceQuery, PresenceQuery>();
        return builder.AddLetsChatStatus();
    }
}

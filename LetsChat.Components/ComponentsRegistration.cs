using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Layout;
using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LetsChat.Components;

/// <summary>The components' own services: what the screens need besides the server's features. The host and the component tests both call it.</summary>
public static class ComponentsRegistration
{
    public static IServiceCollection AddLetsChatComponents(this IServiceCollection services)
    {
        services.AddScoped<CircuitClock>();
        services.AddScoped<ReaderTimeZone>();
        services.AddScoped<ReaderPreferences>();
        services.AddSingleton<ThemeStylesheets>();
        services.AddSingleton<MessageRowMarkup>();
        services.AddScoped<NotificationActions>();
        services.AddScoped<Presence.MyStatusState>();
        services.AddSingleton<Chat.Reactions.EmojiCatalog>();
        services.AddMudServices(mud =>
        {
            // Bottom right, lifted above the composer (app.css): clear of the room's title, the app bar and the bell's panel;
            // the drawer and the bell's panel sit above snackbars, never under them.
            mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            mud.SnackbarConfiguration.VisibleStateDuration = 5000;
            mud.SnackbarConfiguration.PreventDuplicates = false;
        });
        return services;
    }
}

using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LetsChat.Tests.Support;

/// <summary>The shared base of the bUnit tests: MudBlazor registered, JS interop answered loosely.</summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest()
    {
        Services.AddMudServices();
        Services.AddSingleton<IMessageHtml, MessageMarkdown>();
        Services.AddSingleton<MessageRowMarkup>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CircuitClock>();
        Services.AddScoped<ReaderTimeZone>();
        Services.AddScoped<LetsChat.Components.Layout.ReaderPreferences>();
        Services.AddSingleton<LetsChat.Components.Layout.ThemeStylesheets>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }
}

using Bunit;
using LetsChat.Components;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Support;

/// <summary>The shared base of the bUnit tests: the components' own services registered as the host does, JS interop answered loosely.</summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest()
    {
        Services.AddLetsChatComponents();
        Services.AddSingleton<IMessageHtml, MessageMarkdown>();
        Services.AddSingleton(TimeProvider.System);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }
}

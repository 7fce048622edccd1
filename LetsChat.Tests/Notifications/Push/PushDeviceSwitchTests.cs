using Bunit;
using LetsChat.Components.Notifications;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace LetsChat.Tests.Notifications.Push;

/// <summary>The switch on /me, rendered with bUnit on the real host's push devices of one signed-in circuit; the browser's side answered by JS interop.</summary>
public sealed class PushDeviceSwitchTests : ComponentTest, IAsyncLifetime
{
    private const string Label = "Push notifications on this device";
    private readonly LetsChatApp _app = new();
    private readonly PushSubscriptionInfo _browser = new("https://push.example.com/send/abc", PushKeys.NewP256dh(), PushKeys.NewAuth());
    private CircuitScope _circuit = default!;

    public async ValueTask InitializeAsync()
    {
        _circuit = _app.OpenCircuit(await _app.CreateUserAsync("Bob"));
        Services.AddSingleton(_circuit.Get<IPushDevices>());
        JSInterop.Setup<bool>("letsChat.pushSupported").SetResult(true);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _circuit.DisposeAsync();
        await _app.DisposeAsync();
    }

    private IPushDevices Devices => _circuit.Get<IPushDevices>();

    [Fact]
    public async Task Turning_it_on_subscribes_the_browser_with_the_servers_key_and_off_removes_it()
    {
        JSInterop.Setup<string?>("letsChat.pushCurrent").SetResult(null);
        var subscribe = JSInterop.Setup<PushSubscriptionInfo>("letsChat.pushSubscribe", _ => true);
        subscribe.SetResult(_browser);
        JSInterop.Setup<string?>("letsChat.pushUnsubscribe").SetResult(_browser.Endpoint);
        var setting = Render<PushDeviceSwitch>();
        setting.WaitForAssertion(() => setting.Find("label").TextContent.ShouldContain(Label));
        setting.Find("input[type=checkbox]").HasAttribute("checked").ShouldBeFalse();
        setting.Markup.ShouldContain("When no Let's Chat tab is open");

        await setting.Find("input[type=checkbox]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = true });

        setting.WaitForAssertion(() => setting.Find("[role=status]").TextContent.ShouldBe("Push notifications are on for this device."));
        subscribe.Invocations.Single().Arguments.Single().ShouldBe(await Devices.GetPublicKeyAsync());
        (await Devices.IsSubscribedAsync(_browser.Endpoint)).ShouldBeTrue();

        await setting.Find("input[type=checkbox]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = false });

        setting.WaitForAssertion(() => setting.Find("[role=status]").TextContent.ShouldBe("Push notifications are off for this device."));
        (await Devices.IsSubscribedAsync(_browser.Endpoint)).ShouldBeFalse();
    }

    [Fact]
    public async Task It_shows_on_when_this_browser_is_subscribed_already_and_a_blocked_permission_as_an_alert()
    {
        (await Devices.SubscribeAsync(_browser)).Succeeded.ShouldBeTrue();
        JSInterop.Setup<string?>("letsChat.pushCurrent").SetResult(_browser.Endpoint);
        var setting = Render<PushDeviceSwitch>();
        setting.WaitForAssertion(() => setting.Find("input[type=checkbox]").HasAttribute("checked").ShouldBeTrue());

        JSInterop.Setup<string?>("letsChat.pushUnsubscribe").SetResult(_browser.Endpoint);
        await setting.Find("input[type=checkbox]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = false });
        setting.WaitForAssertion(() => setting.Find("input[type=checkbox]").HasAttribute("checked").ShouldBeFalse());

        JSInterop.Setup<PushSubscriptionInfo>("letsChat.pushSubscribe", _ => true)
            .SetException(new JSException("Notifications are blocked for this site. Allow them in the browser's site settings.\nError: at pushSubscribe"));
        await setting.Find("input[type=checkbox]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = true });

        setting.WaitForAssertion(() => setting.Find("[role=alert]").TextContent.ShouldBe("Notifications are blocked for this site. Allow them in the browser's site settings."));
        setting.Find("input[type=checkbox]").HasAttribute("checked").ShouldBeFalse();
        (await Devices.IsSubscribedAsync(_browser.Endpoint)).ShouldBeFalse();
    }

    [Fact]
    public void A_browser_without_push_is_told_so_and_gets_no_switch()
    {
        JSInterop.Setup<bool>("letsChat.pushSupported").SetResult(false);
        var setting = Render<PushDeviceSwitch>();
        setting.WaitForAssertion(() => setting.Markup.ShouldContain("This browser cannot receive push notifications."));
        setting.FindAll("input[type=checkbox]").ShouldBeEmpty();
    }
}

/// <summary>A browser's subscription keys, as <c>PushSubscription.toJSON()</c> gives them.</summary>
internal static class PushKeys
{
    public static string NewP256dh()
    {
        using var key = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        return System.Buffers.Text.Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]);
    }

    public static string NewAuth() => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

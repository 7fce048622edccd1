using AngleSharp.Html.Dom;
using Bunit;
using LetsChat.Components.Notifications;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Notifications.Digests;

/// <summary>The e-mail digest switch, rendered with bUnit on the real host's settings service of one signed-in circuit.</summary>
public sealed class EmailDigestSwitchTests : ComponentTest, IAsyncDisposable
{
    private const string Label = "E-mail me about unread messages";
    private LetsChatApp? _app;
    private CircuitScope? _circuit;

    [Fact]
    public async Task With_a_confirmed_address_the_switch_is_on_says_when_and_turns_digests_off()
    {
        var smtp = new FakeSmtpServer();
        await using var _ = smtp;
        var settings = smtp.Settings();
        settings["LetsChat:PublicUrl"] = "https://chat.example.com";
        settings["LetsChat:Digests:QuietFor"] = "00:20:00";
        var me = await SignInAsync(settings, "Me", "me@example.com");

        var view = Render<EmailDigestSwitch>();

        view.WaitForAssertion(() => Switch(view).IsChecked.ShouldBeTrue());
        view.Markup.ShouldContain(Label);
        Switch(view).IsDisabled.ShouldBeFalse();
        view.Find(".hint").TextContent.ShouldBe("Private messages and mentions you leave unread for 20 minutes, one e-mail per burst. Never the public room.");

        Switch(view).Change(false);

        view.WaitForAssertion(() => view.Find("[role=status]").TextContent.ShouldBe("No more e-mails about unread messages."));
        Switch(view).IsChecked.ShouldBeFalse();
        await using var db = await _app!.CreateDbAsync();
        (await db.Users.Where(u => u.Id == me.Id).Select(u => u.EmailDigests).SingleAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task Without_a_confirmed_address_the_switch_is_off_disabled_and_says_why()
    {
        var smtp = new FakeSmtpServer();
        await using var _ = smtp;
        var settings = smtp.Settings();
        settings["LetsChat:PublicUrl"] = "https://chat.example.com";
        await SignInAsync(settings, "Me", email: null);

        var view = Render<EmailDigestSwitch>();

        view.WaitForAssertion(() => view.Find(".hint").TextContent.ShouldBe("Add and confirm an e-mail address to get these."));
        Switch(view).IsChecked.ShouldBeFalse();
        Switch(view).IsDisabled.ShouldBeTrue();
    }

    [Fact]
    public async Task On_a_site_that_sends_no_mail_the_switch_is_off_disabled_and_says_why()
    {
        await SignInAsync(new(), "Me", "me@example.com");

        var view = Render<EmailDigestSwitch>();

        view.WaitForAssertion(() => view.Find(".hint").TextContent.ShouldBe("This site does not send e-mail."));
        Switch(view).IsChecked.ShouldBeFalse();
        Switch(view).IsDisabled.ShouldBeTrue();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_circuit is not null)
        {
            await _circuit.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<User> SignInAsync(Dictionary<string, string?> settings, string name, string? email)
    {
        _app = new LetsChatApp(settings);
        var me = await _app.CreateUserAsync(name, email);
        _circuit = _app.OpenCircuit(me);
        Services.AddSingleton(_circuit.Get<IEmailDigestSettings>());
        return me;
    }

    private static IHtmlInputElement Switch(IRenderedComponent<EmailDigestSwitch> view) => (IHtmlInputElement)view.Find("input[type=checkbox]");
}

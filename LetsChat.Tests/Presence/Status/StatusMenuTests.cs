using System.Security.Claims;
using Bunit;
using LetsChat.Components.Notifications;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Presence.Status;

/// <summary>The status menu and the bell under do not disturb, rendered with bUnit on the real host's services of one circuit.</summary>
public sealed class StatusMenuTests : ComponentTest, IAsyncLifetime
{
    // Tomorrow at ten: ahead of the server's own clock, so the times the menu offers are in the future there too.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1).AddHours(10), TimeSpan.Zero));
    private readonly LetsChatApp _app = new();
    private CircuitScope _mine = default!;
    private User _me = default!;

    public async ValueTask InitializeAsync()
    {
        _me = await _app.CreateUserAsync("Me");
        _mine = _app.OpenCircuit(_me);
        Services.AddSingleton(_mine.Get<IMyStatus>());
        Services.AddSingleton(_mine.Get<IUserFeed>());
        Services.AddSingleton(_mine.Get<INotificationService>());
        Services.AddSingleton<TimeProvider>(_time);
        AddAuthorization().SetAuthorized("Me").SetClaims(new Claim(ClaimTypes.NameIdentifier, _me.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _mine.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Choosing_do_not_disturb_for_an_hour_shows_until_when_and_the_button_says_so()
    {
        var menu = Render<StatusMenu>();
        menu.Find("button.status-button").GetAttribute("aria-label").ShouldBe("Status: Online");
        JSInterop.VerifyInvoke("letsChat.watchActivity");

        menu.Find("button.status-button").Click();
        menu.FindAll("input[type=radio]").Select(r => r.ParentElement!.TextContent.Trim()).ShouldBe(["Online", "Away", "Do not disturb"]);
        menu.FindAll("input[type=radio]")[2].Change(true);
        menu.FindAll(".status-dnd button").Select(b => b.TextContent).ShouldBe(["30 minutes", "1 hour", "Until tomorrow", "Until I turn it off", "Set"]);
        await menu.FindAll(".status-dnd button")[1].ClickAsync(new());

        menu.WaitForAssertion(() => menu.Find("button.status-button").GetAttribute("aria-label").ShouldBe("Status: Do not disturb"));
        menu.Find("[role=status]").TextContent.ShouldBe("Do not disturb is on.");
        menu.Find(".status-panel .hint").TextContent.ShouldContain("Do not disturb until 11:00.");
        var stored = (await _mine.Get<IMyStatus>().GetAsync())!;
        stored.Until!.Value.ShouldBe(_time.GetUtcNow().AddHours(1), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_custom_status_is_saved_with_its_emoji_and_a_refusal_shows_as_an_alert()
    {
        var menu = Render<StatusMenu>();
        menu.Find("button.status-button").Click();

        menu.Find("select[aria-label='Status emoji']").Change("🍔");
        menu.Find("input[aria-label='Custom status']").Input(new string('x', 101));
        await menu.Find("button.small-button.primary").ClickAsync(new());
        menu.WaitForAssertion(() => menu.Find("[role=alert]").TextContent.ShouldBe("A custom status can be at most 100 characters."));

        menu.Find("input[aria-label='Custom status']").Input("Out for lunch");
        menu.Find(".status-clear-after select").Change("1h");
        await menu.Find("button.small-button.primary").ClickAsync(new());

        menu.WaitForAssertion(() => menu.Find("[role=status]").TextContent.ShouldBe("Your friends see your custom status."));
        var custom = (await _mine.Get<IMyStatus>().GetAsync())!.Custom!;
        custom.Label.ShouldBe("🍔 Out for lunch");
        custom.Until!.Value.ShouldBe(_time.GetUtcNow().AddHours(1), TimeSpan.FromMilliseconds(1));
        menu.Find("button.status-button").GetAttribute("title").ShouldBe("Status: online · 🍔 Out for lunch");
    }

    [Fact]
    public async Task In_do_not_disturb_the_bell_counts_but_neither_a_snackbar_nor_a_desktop_notification_speaks_up()
    {
        var alice = await _app.CreateUserAsync("Alice");
        await using var aliceTab = _app.OpenCircuit(alice);
        Render<StatusMenu>();
        (await _mine.Get<IMyStatus>().ChooseAsync(StatusChoice.DoNotDisturb, null)).Succeeded.ShouldBeTrue();
        var state = Services.GetRequiredService<MyStatusState>();
        var bell = Render<NotificationBell>();
        var snackbars = Services.GetRequiredService<MudBlazor.ISnackbar>();
        await Eventually.HoldsAsync(() => state.IsDoNotDisturb(_time.GetUtcNow()), "the tab knows do not disturb is on");

        (await aliceTab.Get<LetsChat.Components.Friends.IFriendService>().SendRequestAsync(_me.Id)).Succeeded.ShouldBeTrue();

        bell.WaitForAssertion(() => bell.Find(".bell-badge").TextContent.ShouldBe("1"), TimeSpan.FromSeconds(10));
        snackbars.ShownSnackbars.ShouldBeEmpty();
        JSInterop.Invocations["letsChat.notifyDesktop"].ShouldBeEmpty();

        (await _mine.Get<IMyStatus>().ChooseAsync(StatusChoice.Automatic, null)).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => !state.IsDoNotDisturb(_time.GetUtcNow()), "do not disturb is off in this tab");
        await aliceTab.Get<LetsChat.Components.Friends.IFriendService>().CancelAsync(
            (await aliceTab.Get<LetsChat.Components.Friends.IFriendService>().GetRequestsAsync()).Outgoing.Single().RequestId);
        (await aliceTab.Get<LetsChat.Components.Friends.IFriendService>().SendRequestAsync(_me.Id)).Succeeded.ShouldBeTrue();
        bell.WaitForAssertion(() => JSInterop.Invocations["letsChat.notifyDesktop"].Count.ShouldBe(1), TimeSpan.FromSeconds(10));
        snackbars.ShownSnackbars.Count().ShouldBe(1);
    }
}

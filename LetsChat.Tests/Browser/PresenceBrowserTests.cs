using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Presence and the circuit cap, as people see them in real browsers.</summary>
public sealed class PresenceBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    protected override LetsChatApp CreateApp() => new(new Dictionary<string, string?>
    {
        ["LetsChat:OfflineGracePeriod"] = "00:00:01",
        ["LetsChat:MaxCircuitsPerUser"] = "2",
    });

    [Fact]
    public async Task A_friend_sees_the_status_change_when_the_other_opens_and_closes_a_browser()
    {
        await App.MakeFriendsAsync(await App.CreateUserAsync("Alice"), await App.CreateUserAsync("Bob"));
        var bob = await SignInAsync("Bob");
        // In the room list a friend's status is the link's description (the dot itself is decorative there).
        var aliceAsBobSeesHer = bob.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Alice", Exact = true });
        await Expect(aliceAsBobSeesHer).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("offline$"));

        var alice = await SignInAsync("Alice");
        await Expect(aliceAsBobSeesHer).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("online$"), new() { Timeout = 5_000 });
        await Expect(alice.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Bob", Exact = true }))
            .ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("online$"));
        await ScreenshotAsync(bob, "friends-online-1280");

        await alice.Context.CloseAsync();

        await Expect(aliceAsBobSeesHer).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("offline$"), new() { Timeout = 10_000 });
        (await aliceAsBobSeesHer.Locator(".presence-dot.offline").GetAttributeAsync("title")).ShouldBe("Offline, last seen just now");
    }

    [Fact]
    public async Task Opening_one_tab_more_than_the_cap_closes_the_oldest_with_a_notice_and_the_others_keep_working()
    {
        var first = await SignInAsync("Alice");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("/chat");
        await Expect(second.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();
        await Expect(first.GetByText("opened in another tab")).ToHaveCountAsync(0);

        var third = await first.Context.NewPageAsync();
        await third.GotoAsync("/chat");
        await Expect(third.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();

        await Expect(first.GetByText("opened in another tab")).ToBeVisibleAsync();
        await Expect(first.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToHaveCountAsync(0);
        await ScreenshotAsync(first, "circuit-cap-notice-1280");
        var composer = third.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync("from the newest tab");
        await composer.PressAsync("Enter");
        await Expect(second.GetByRole(AriaRole.Article).Filter(new() { HasText = "from the newest tab" })).ToHaveCountAsync(1);
        await Expect(first.GetByRole(AriaRole.Article)).ToHaveCountAsync(0);
    }
}

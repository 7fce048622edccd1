using System.Text.RegularExpressions;
using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Status, room notification levels, the permission banner and the settings, as people use them in real browsers.</summary>
public sealed class ReachBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task Do_not_disturb_and_a_custom_status_reach_a_friend_live(int width, int height)
    {
        await App.MakeFriendsAsync(await App.CreateUserAsync("Alice"), await App.CreateUserAsync("Bob"));
        var bob = await SignInAsync("Bob");
        await bob.GotoAsync("/friends");
        var alice = await SignInAsync("Alice", width, height);
        var aliceAsBobSeesHer = bob.Locator(".person-row").Filter(new() { HasText = "Alice" });
        await Expect(aliceAsBobSeesHer.GetByRole(AriaRole.Img, new() { Name = "online" })).ToBeVisibleAsync();

        await alice.GetByRole(AriaRole.Button, new() { Name = "Status" }).ClickAsync();
        var panel = alice.GetByRole(AriaRole.Dialog, new() { Name = "Your status" });
        await panel.GetByRole(AriaRole.Radio, new() { Name = "Do not disturb" }).CheckAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "1 hour" }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status)).ToHaveTextAsync("Do not disturb is on.");
        await panel.GetByRole(AriaRole.Combobox, new() { Name = "Status emoji" }).SelectOptionAsync("🍔");
        await panel.GetByRole(AriaRole.Textbox, new() { Name = "Custom status" }).FillAsync("Out for lunch");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save status" }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your friends see your custom status.");
        await ScreenshotAsync(alice, $"status-menu-{width}");

        await Expect(aliceAsBobSeesHer.GetByRole(AriaRole.Img, new() { Name = "do not disturb" })).ToBeVisibleAsync();
        await Expect(aliceAsBobSeesHer).ToContainTextAsync("🍔 Out for lunch");
        await Expect(alice.GetByRole(AriaRole.Button, new() { Name = "Status: Do not disturb" })).ToBeVisibleAsync();

        await panel.GetByRole(AriaRole.Radio, new() { Name = "Online" }).CheckAsync();
        await Expect(aliceAsBobSeesHer.GetByRole(AriaRole.Img, new() { Name = "online" })).ToBeVisibleAsync();
        await Expect(aliceAsBobSeesHer).ToContainTextAsync("🍔 Out for lunch");
    }

    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task The_banner_asks_after_a_chats_first_message_never_on_load_and_the_room_keeps_its_notification_level(int width, int height)
    {
        await App.MakeFriendsAsync(await App.CreateUserAsync("Alice"), await App.CreateUserAsync("Bob"));
        var bob = await SignInAsync("Bob");
        var alice = await SignInAsync("Alice", width, height);
        await OpenChatWithAsync(alice, "Bob");
        await OpenChatWithAsync(bob, "Alice");
        var banner = alice.GetByRole(AriaRole.Region, new() { Name = "Desktop notifications" });
        await Expect(alice.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToBeVisibleAsync();
        await Expect(banner).ToHaveCountAsync(0);

        var composer = bob.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync("are you around?");
        await composer.PressAsync("Enter");

        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner.GetByRole(AriaRole.Button, new() { Name = "Turn on notifications" })).ToBeVisibleAsync();
        await ScreenshotAsync(alice, $"notification-banner-{width}");
        await banner.GetByRole(AriaRole.Button, new() { Name = "Not now" }).ClickAsync();
        await Expect(banner).ToHaveCountAsync(0);

        var menuButton = alice.GetByRole(AriaRole.Button, new() { Name = "Room notifications" });
        await menuButton.ClickAsync();
        var menu = alice.GetByRole(AriaRole.Dialog, new() { Name = "Room notifications" });
        await Expect(menu.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^All messages") })).ToBeCheckedAsync();
        await ScreenshotAsync(alice, $"room-notifications-{width}");
        // A click, not CheckAsync: choosing closes the dialog, so the radio may be gone before a check could read it
        // back. The choice is read back below, after a reload.
        await menu.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Mentions only") }).ClickAsync();
        await Expect(menu).ToHaveCountAsync(0);

        await alice.ReloadAsync();
        await composer.FillAsync("still there?");
        await composer.PressAsync("Enter");
        await Expect(alice.GetByRole(AriaRole.Article).Filter(new() { HasText = "still there?" })).ToBeVisibleAsync();
        await Expect(banner).ToHaveCountAsync(0); // "Not now" is remembered in this browser
        await alice.GetByRole(AriaRole.Button, new() { Name = "Room notifications" }).ClickAsync();
        await Expect(menu.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Mentions only") })).ToBeCheckedAsync();
    }

    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task The_profile_page_gathers_the_notification_settings(int width, int height)
    {
        var alice = await SignInAsync("Alice", width, height);
        await alice.GotoAsync("/me");

        var section = alice.GetByRole(AriaRole.Region, new() { Name = "Notifications" });
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Desktop notifications" })).ToBeVisibleAsync();
        await Expect(section.GetByRole(AriaRole.Button, new() { Name = "Turn on notifications" })).ToBeVisibleAsync();
        await section.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(alice, $"notification-settings-{width}");
    }

    private static async Task OpenChatWithAsync(IPage page, string friend)
    {
        if (page.ViewportSize?.Width < 960)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        }

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = friend, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = friend, Exact = true })).ToBeVisibleAsync();
    }
}

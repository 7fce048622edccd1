using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Friend requests and notifications between two people in two real browsers.</summary>
public sealed class FriendsBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_request_rings_the_bell_is_accepted_and_both_see_each_other_online()
    {
        var alice = await SignInAsync("Alice");
        var bob = await SignInAsync("Bob");

        await alice.GotoAsync("/friends");
        await alice.GetByRole(AriaRole.Textbox, new() { Name = "Find people" }).FillAsync("bo");
        var bobRow = alice.GetByRole(AriaRole.List, new() { Name = "Search results" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Bob" });
        await bobRow.GetByRole(AriaRole.Button, new() { Name = "Add friend" }).ClickAsync();
        await Expect(bobRow.GetByRole(AriaRole.Button, new() { Name = "Cancel request" })).ToBeVisibleAsync();

        // Bob is still in the public room and has not reloaded: the bell counts the request, a snackbar says so.
        var bell = bob.Locator(".notification-bell");
        await Expect(bell.Locator(".bell-badge")).ToHaveTextAsync("1");
        await Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Notifications, 1 unread", Exact = true })).ToBeVisibleAsync();
        await Expect(bob.GetByText("Alice sent you a friend request")).ToBeVisibleAsync();
        await bob.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Notifications") }).ClickAsync();
        await Expect(bob.GetByRole(AriaRole.Dialog, new() { Name = "Recent notifications" })).ToContainTextAsync("Alice sent you a friend request");
        await ScreenshotAsync(bob, "notifications-1280");
        await bob.GetByRole(AriaRole.Dialog, new() { Name = "Recent notifications" }).GetByText("Alice sent you a friend request").ClickAsync();
        await Expect(bob).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/friends$"));
        var aliceRequest = bob.GetByRole(AriaRole.List, new() { Name = "Received requests" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Alice" });
        await aliceRequest.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        await Expect(alice.Locator(".notification-bell .bell-badge")).ToHaveTextAsync("1");
        await alice.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Notifications") }).ClickAsync();
        await Expect(alice.GetByRole(AriaRole.Dialog, new() { Name = "Recent notifications" })).ToContainTextAsync("Bob accepted your friend request");
        await alice.Keyboard.PressAsync("Escape");
        var bobAsFriend = alice.GetByRole(AriaRole.List, new() { Name = "Your friends" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Bob" });
        await Expect(bobAsFriend.GetByRole(AriaRole.Img, new() { Name = "online" })).ToBeVisibleAsync();
        await Expect(bobAsFriend.GetByRole(AriaRole.Button, new() { Name = "Unfriend" })).ToBeVisibleAsync();
        var aliceAsFriend = bob.GetByRole(AriaRole.List, new() { Name = "Your friends" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Alice" });
        await Expect(aliceAsFriend.GetByRole(AriaRole.Img, new() { Name = "online" })).ToBeVisibleAsync();
        await ScreenshotAsync(alice, "friends-1280");
        var phone = await OpenSameUserAsync(alice, "Alice on a phone", 375, 740);
        await phone.GotoAsync("/friends");
        await Expect(phone.GetByRole(AriaRole.List, new() { Name = "Your friends" })).ToContainTextAsync("Bob");
        await ScreenshotAsync(phone, "friends-375");
    }

    [Fact]
    public async Task A_cancelled_request_disappears_from_the_receivers_bell()
    {
        var alice = await SignInAsync("Alice");
        var bob = await SignInAsync("Bob");
        await alice.GotoAsync("/friends");
        await alice.GetByRole(AriaRole.Textbox, new() { Name = "Find people" }).FillAsync("bob");
        var bobRow = alice.GetByRole(AriaRole.List, new() { Name = "Search results" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Bob" });
        await bobRow.GetByRole(AriaRole.Button, new() { Name = "Add friend" }).ClickAsync();
        await Expect(bob.Locator(".notification-bell .bell-badge")).ToHaveTextAsync("1");

        await bobRow.GetByRole(AriaRole.Button, new() { Name = "Cancel request" }).ClickAsync();

        await Expect(bob.Locator(".notification-bell .bell-badge")).ToHaveCountAsync(0);
        await Expect(bobRow.GetByRole(AriaRole.Button, new() { Name = "Add friend" })).ToBeVisibleAsync();
    }
}

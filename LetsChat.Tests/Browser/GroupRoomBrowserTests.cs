using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Group rooms in real browsers: create, add a friend, talk, and remove them from both of their tabs at once.</summary>
public sealed class GroupRoomBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task An_owner_creates_a_room_adds_a_friend_and_removing_them_closes_it_in_both_their_tabs()
    {
        await App.MakeFriendsAsync(await App.CreateUserAsync("Olivia"), await App.CreateUserAsync("Frank"));
        var owner = await SignInAsync("Olivia");
        var frank = await SignInAsync("Frank");
        var frankSecondTab = await frank.Context.NewPageAsync();
        await frankSecondTab.GotoAsync("/chat");

        await owner.GetByRole(AriaRole.Button, new() { Name = "New room" }).Or(owner.GetByRole(AriaRole.Link, new() { Name = "New room" })).First.ClickAsync();
        await owner.GetByRole(AriaRole.Textbox, new() { Name = "Room name" }).FillAsync("Weekend hike");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(owner.GetByRole(AriaRole.Heading, new() { Name = "Weekend hike" })).ToBeVisibleAsync();
        await Expect(owner.GetByText("1 member · 1 online")).ToBeVisibleAsync();

        await owner.GetByRole(AriaRole.Button, new() { Name = "Members" }).ClickAsync();
        await owner.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await owner.GetByRole(AriaRole.Textbox, new() { Name = "Find friends" }).FillAsync("fra");
        await owner.GetByRole(AriaRole.List, new() { Name = "Friends to add" }).GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await Expect(owner.GetByText("2 members · 2 online")).ToBeVisibleAsync();
        // The count says whom it counts: members whose status the reader may know.
        await Expect(owner.GetByText("2 members · 2 online")).ToHaveAttributeAsync("title", "Online now: you, Frank. Only your friends' status is shown.");

        // Frank's room list gains the room live, in both tabs.
        var roomLink = frank.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Weekend hike" });
        await Expect(frankSecondTab.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Weekend hike" })).ToBeVisibleAsync();
        await roomLink.ClickAsync();
        var roomUrl = frank.Url;
        await frankSecondTab.GotoAsync(roomUrl);
        var composer = frank.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync("Count me in!");
        await composer.PressAsync("Enter");
        await Expect(owner.GetByRole(AriaRole.Article).Filter(new() { HasText = "Count me in!" })).ToContainTextAsync("Frank");
        await Expect(frankSecondTab.GetByRole(AriaRole.Article).Filter(new() { HasText = "Count me in!" })).ToBeVisibleAsync();
        await ScreenshotAsync(owner, "group-room-1280");

        var frankRow = owner.GetByRole(AriaRole.List, new() { Name = "Room members" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Frank" });
        await frankRow.GetByRole(AriaRole.Button, new() { Name = "Remove member" }).ClickAsync();

        foreach (var tab in new[] { frank, frankSecondTab })
        {
            await Expect(tab.GetByRole(AriaRole.Alert).Filter(new() { HasText = "not a member" })).ToBeVisibleAsync();
            await Expect(tab.GetByText("Count me in!")).ToHaveCountAsync(0);
            await Expect(tab.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Weekend hike" })).ToHaveCountAsync(0);
        }

        await Expect(owner.GetByText("1 member · 1 online")).ToBeVisibleAsync();
        await frank.GotoAsync(roomUrl);
        await Expect(frank.GetByRole(AriaRole.Alert).Filter(new() { HasText = "not a member" })).ToBeVisibleAsync();
    }
}

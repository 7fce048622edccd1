using LetsChat.Components.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Searching as a reader does: open search, type, narrow with a chip, and jump to the message found.</summary>
public sealed class SearchBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task Typing_a_query_narrowing_it_with_a_chip_and_opening_a_result_lands_on_the_message(int width, int height)
    {
        var (alice, bob, carol) = (await App.CreateUserAsync("Alice"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Carol"));
        await using var circuits = new CircuitPool(App);
        var group = await App.CreateGroupAsync(circuits, bob, alice);
        var secret = await App.CreateGroupAsync(circuits, carol);
        var chat = circuits.Get<IChatService>(bob);
        (await chat.SendAsync(group, Guid.NewGuid(), "Bring the **picnic** blanket, the list is at https://example.com/picnic")).Succeeded.ShouldBeTrue();
        for (var i = 1; i <= 60; i++)
        {
            (await chat.SendAsync(group, Guid.NewGuid(), $"filler {i}")).Succeeded.ShouldBeTrue();
        }

        (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), $"Picnic on Saturday at the lake, @{alice.Handle}?")).Succeeded.ShouldBeTrue();
        (await circuits.Get<IChatService>(carol).SendAsync(secret, Guid.NewGuid(), "a picnic Alice must not find")).Succeeded.ShouldBeTrue();

        var page = await SignInAsync("Alice", width, height);
        await Expect(page.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToBeVisibleAsync();
        if (width < 600)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        }
        else
        {
            await page.Keyboard.PressAsync("Control+Slash");
        }

        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search messages" });
        await Expect(box).ToBeFocusedAsync();
        await box.PressSequentiallyAsync("picn");
        var results = page.GetByRole(AriaRole.List, new() { Name = "Search results" }).GetByRole(AriaRole.Link);
        await Expect(results).ToHaveCountAsync(2);

        await Expect(results.First).ToContainTextAsync("Picnic on Saturday at the lake, @Alice?");
        await Expect(results.First).ToContainTextAsync("in Public room");
        await Expect(results.Nth(1)).ToContainTextAsync("in Study group");
        await Expect(page.Locator(".search-hit mark").First).ToHaveTextAsync("Picnic");
        await ScreenshotAsync(page, $"search-{width}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Has link" }).ClickAsync();
        await Expect(box).ToHaveValueAsync("picn has:link");
        await Expect(results).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Has link" })).ToHaveAttributeAsync("aria-pressed", "true");
        await ScreenshotAsync(page, $"search-filter-{width}");

        await results.First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/chat/{group}/m/1$"));
        var found = page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article).Filter(new() { HasText = "blanket" });
        await Expect(found).ToBeInViewportAsync();
        await Expect(found).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("msg-highlight"));

        await page.GoBackAsync();
        await Expect(box).ToHaveValueAsync("picn has:link");
        await Expect(results).ToHaveCountAsync(1);
    }
}

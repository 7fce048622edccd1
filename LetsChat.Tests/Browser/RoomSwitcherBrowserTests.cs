using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Ctrl+K opens a room switcher that filters as you type; the keyboard picks, Enter opens, Esc closes.</summary>
public sealed class RoomSwitcherBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task Control_K_finds_a_room_by_name_and_opens_it(int width, int height)
    {
        var ada = await App.CreateUserAsync("Ada");
        var bob = await App.CreateUserAsync("Bob");
        var carol = await App.CreateUserAsync("Carol");
        await using var circuits = new CircuitPool(App);
        var group = await App.CreateGroupAsync(circuits, ada, bob, carol);
        var page = await SignInAsync("Bob", width, height);

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).PressAsync("Control+k");
        var switcher = page.GetByRole(AriaRole.Dialog, new() { Name = "Switch room" });
        var find = switcher.GetByRole(AriaRole.Combobox, new() { Name = "Find a room" });
        await Expect(find).ToBeFocusedAsync();
        await Expect(switcher.GetByRole(AriaRole.Option)).Not.ToHaveCountAsync(0);
        await find.FillAsync("study");
        await Expect(switcher.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await ScreenshotAsync(page, $"room-switcher-{width}");
        await find.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/chat/{group}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Study group" })).ToBeVisibleAsync();
        await Expect(switcher).ToHaveCountAsync(0);

        await page.Keyboard.PressAsync("Control+k");
        await Expect(switcher).ToBeVisibleAsync();
        await find.FillAsync("no such room");
        await Expect(switcher.GetByRole(AriaRole.Status)).ToContainTextAsync("No room matches");
        await find.PressAsync("Escape");
        await Expect(switcher).ToHaveCountAsync(0);
    }
}

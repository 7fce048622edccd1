using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Two people react to a message in the public room: the picker, the chips, the toggle, live in both tabs.</summary>
public sealed class ReactionsBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task Reactions_are_given_from_the_picker_shown_live_and_toggled_by_a_click(int width, int height)
    {
        var alice = await SignInAsync("Alice", width, height);
        var bob = await SignInAsync("Bob", width, height);
        var composer = bob.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync("Pizza tonight?");
        await composer.PressAsync("Enter");

        var inAlices = Message(alice, "Pizza tonight?");
        await Expect(inAlices).ToBeVisibleAsync();
        await inAlices.HoverAsync();
        await inAlices.GetByRole(AriaRole.Button, new() { Name = "React" }).ClickAsync();
        var picker = alice.GetByRole(AriaRole.Dialog, new() { Name = "Emoji picker" });
        await Expect(picker).ToBeVisibleAsync();
        await picker.GetByRole(AriaRole.Textbox, new() { Name = "Search emoji" }).FillAsync("thumbs");
        await Expect(picker.GetByRole(AriaRole.Button, new() { Name = "thumbs up", Exact = true })).ToBeVisibleAsync();
        await ScreenshotAsync(alice, $"emoji-picker-{width}");
        await picker.GetByRole(AriaRole.Button, new() { Name = "thumbs up", Exact = true }).ClickAsync();
        await Expect(picker).ToHaveCountAsync(0);

        // Bob's tab shows Alice's reaction as it happens; his click joins it, and both tabs show two, pressed for each.
        var bobsChip = Message(bob, "Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = "👍 1" });
        await Expect(bobsChip).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(bobsChip).ToHaveAttributeAsync("title", "Alice");
        await bobsChip.ClickAsync();
        var twoForBob = Message(bob, "Pizza tonight?").GetByRole(AriaRole.Button, new() { Name = "👍 2" });
        await Expect(twoForBob).ToHaveAttributeAsync("aria-pressed", "true");
        var twoForAlice = inAlices.GetByRole(AriaRole.Button, new() { Name = "👍 2" });
        await Expect(twoForAlice).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(twoForAlice).ToHaveAttributeAsync("title", "Alice, Bob");
        await ScreenshotAsync(bob, $"reactions-{width}");

        // Alice takes hers back: one left, Bob's, not pressed in her tab.
        await twoForAlice.ClickAsync();
        var oneLeft = inAlices.GetByRole(AriaRole.Button, new() { Name = "👍 1" });
        await Expect(oneLeft).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(oneLeft).ToHaveAttributeAsync("title", "Bob");
    }
}

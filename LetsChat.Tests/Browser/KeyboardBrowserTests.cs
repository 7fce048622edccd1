using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>What the keyboard does in a room: Up in the empty composer edits your last message, Esc lets it be.</summary>
public sealed class KeyboardBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Up_in_the_empty_composer_edits_your_last_message_and_Escape_cancels()
    {
        var alice = await SignInAsync("Alice");
        var composer = alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync("first message");
        await composer.PressAsync("Enter");
        await composer.FillAsync("the frist typo");
        await composer.PressAsync("Enter");
        var log = alice.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Expect(log.GetByRole(AriaRole.Article).Filter(new() { HasText = "the frist typo" })).ToHaveCountAsync(1);
        await Expect(composer).ToHaveValueAsync(string.Empty);

        await composer.PressAsync("ArrowUp");
        var editor = alice.GetByRole(AriaRole.Textbox, new() { Name = "Edit message text" });
        await Expect(editor).ToHaveValueAsync("the frist typo");
        await Expect(editor).ToBeFocusedAsync();
        await editor.FillAsync("the first typo, fixed");
        await editor.PressAsync("Enter");
        await Expect(log.GetByRole(AriaRole.Article).Filter(new() { HasText = "the first typo, fixed" })).ToContainTextAsync("(edited)");

        await composer.FocusAsync();
        await composer.PressAsync("ArrowUp");
        await Expect(editor).ToBeVisibleAsync();
        await editor.PressAsync("Escape");
        await Expect(editor).ToHaveCountAsync(0);

        // Up with text in the composer moves the caret as usual and opens nothing.
        await composer.FillAsync("draft");
        await composer.PressAsync("ArrowUp");
        await Expect(editor).ToHaveCountAsync(0);
        await Expect(composer).ToHaveValueAsync("draft");
    }
}

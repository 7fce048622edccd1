using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>The public room as people use it: two browsers, signed in with the development sign-in, chatting live.</summary>
public sealed class PublicRoomBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Two_people_sign_in_and_chat_live_in_the_public_room()
    {
        var alice = await SignInAsync("Alice");
        var bob = await SignInAsync("Bob");

        var aliceComposer = alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await aliceComposer.FillAsync("Hi Bob, can you see this?");
        await aliceComposer.PressAsync("Enter");

        var bobsLog = bob.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        var arrived = bobsLog.GetByRole(AriaRole.Article).Filter(new() { HasText = "Hi Bob, can you see this?" });
        await Expect(arrived).ToHaveCountAsync(1);
        await Expect(arrived).ToContainTextAsync("Alice");
        await Expect(aliceComposer).ToHaveValueAsync(string.Empty);

        var bobComposer = bob.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await bobComposer.FillAsync("Loud and clear.");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var reply = alice.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article).Filter(new() { HasText = "Loud and clear." });
        await Expect(reply).ToContainTextAsync("Bob");
    }

    [Fact]
    public async Task Shift_Enter_starts_a_new_line_and_Enter_sends_both_lines()
    {
        var alice = await SignInAsync("Alice");
        var composer = alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" });

        await composer.PressSequentiallyAsync("first line");
        await composer.PressAsync("Shift+Enter");
        await composer.PressSequentiallyAsync("second line");
        await Expect(composer).ToHaveValueAsync("first line\nsecond line");
        await composer.PressAsync("Enter");

        var message = alice.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article);
        await Expect(message).ToHaveCountAsync(1);
        // Retried: the pending row is replaced by the stored one, which the browser may not have laid out yet.
        await Expect(message.Locator(".msg-body")).ToHaveTextAsync("first line\nsecond line", new() { UseInnerText = true });
    }

    [Fact]
    public async Task A_message_with_html_and_script_shows_as_text_and_runs_nothing()
    {
        var mallory = await SignInAsync("Mallory");
        var victim = await SignInAsync("Victim");
        var dialogs = 0;
        victim.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        const string hostile = "<img src=x onerror=alert(1)><script>alert(2)</script><b>bold?</b>";

        var composer = mallory.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync(hostile);
        await composer.PressAsync("Enter");

        var shown = victim.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article);
        await Expect(shown).ToContainTextAsync(hostile);
        (await shown.Locator("img[src=x], script, b").CountAsync()).ShouldBe(0);
        await victim.Locator("body").ClickAsync(); // let any injected handler have had its chance
        dialogs.ShouldBe(0);
    }

    [Fact]
    public async Task An_over_long_message_is_refused_in_the_composer_and_kept_for_editing()
    {
        var alice = await SignInAsync("Alice");
        var composer = alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        var tooLong = new string('x', 4001);

        await composer.FillAsync(tooLong);
        await composer.PressAsync("Enter");

        await Expect(alice.GetByRole(AriaRole.Alert)).ToContainTextAsync("at most 4,000 characters");
        await Expect(composer).ToHaveValueAsync(tooLong);
        await Expect(alice.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_public_room_looks_right_on_a_phone_and_on_a_desk()
    {
        var visitor = await OpenBrowserAsync("Visitor", 1280, 800);
        await visitor.GotoAsync("/");
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        await ScreenshotAsync(visitor, "landing-1280");

        var alice = await SignInAsync("Alice Liddell", 1280, 800);
        var bob = await SignInAsync("Bob", 375, 740);
        foreach (var (who, text) in new[]
                 {
                     (alice, "Morning all! Anyone up for a walk later?"),
                     (bob, "Count me in. Around five?"),
                     (alice, "Five works.\nI'll bring the dog 🐕"),
                 })
        {
            var composer = who.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
            await composer.FillAsync(text);
            await composer.PressAsync("Enter");
            await Expect(who.GetByRole(AriaRole.Article).Filter(new() { HasText = text.Split('\n')[0] })).ToHaveCountAsync(1);
        }

        await Expect(bob.GetByRole(AriaRole.Article)).ToHaveCountAsync(3);
        await Expect(alice.GetByRole(AriaRole.Article)).ToHaveCountAsync(3);
        await ScreenshotAsync(alice, "public-room-1280");
        await ScreenshotAsync(bob, "public-room-375");
        var phoneSignIn = await OpenBrowserAsync("Phone visitor", 375, 740);
        await phoneSignIn.GotoAsync("/signin/dev");
        await ScreenshotAsync(phoneSignIn, "signin-375");
    }
}

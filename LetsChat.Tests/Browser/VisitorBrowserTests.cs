using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>A visitor on the landing page reads the public room, live, and signs in to write.</summary>
public sealed class VisitorBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_visitor_reads_the_public_room_live_and_then_signs_in_to_write()
    {
        var alice = await SignInAsync("Alice");
        await SendUntilTheComposerClearsAsync(alice, "Hello before anyone visits");

        var visitor = await OpenBrowserAsync("Visitor");
        await visitor.GotoAsync("/");
        var log = visitor.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Expect(log.GetByRole(AriaRole.Article).Filter(new() { HasText = "Hello before anyone visits" })).ToContainTextAsync("Alice");
        await Expect(visitor.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToHaveCountAsync(0);
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync();
        // The visitor's circuit is live, yet only Alice's tab counts toward presence.
        App.Services.GetRequiredService<PresenceService>().CircuitCount.ShouldBe(1);

        await SendUntilTheComposerClearsAsync(alice, "**Live** news, see https://example.com");
        var live = log.GetByRole(AriaRole.Article).Filter(new() { HasText = "Live news" });
        await Expect(live).ToHaveCountAsync(1);
        await Expect(live.Locator("strong")).ToHaveTextAsync("Live");
        await Expect(live.GetByRole(AriaRole.Link, new() { Name = "https://example.com" })).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");

        await visitor.GetByRole(AriaRole.Link, new() { Name = "Sign in to write" }).ClickAsync();
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Development sign-in" }).ClickAsync();
        await visitor.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Vera");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await visitor.WaitForURLAsync("**/chat");
        await SendUntilTheComposerClearsAsync(visitor, "Glad to be here");

        await Expect(alice.GetByRole(AriaRole.Article).Filter(new() { HasText = "Glad to be here" })).ToContainTextAsync("Vera");
    }

    [Fact]
    public async Task Profiles_the_edit_page_and_the_landing_page_look_right_on_a_phone_and_on_a_desk()
    {
        var alice = await SignInAsync("Alice Liddell");
        await SendUntilTheComposerClearsAsync(alice, "# Walk today?\nMeet at the **park** at five. Bring `snacks`:\n- water\n- a hat\n\n> Weather looks fine");
        await SendUntilTheComposerClearsAsync(alice, "Anyone? https://example.com/a-very-long-link-that-goes-on-and-on-and-on-and-on/and-on-and-on");
        var bob = await SignInAsync("Bob");
        await bob.GotoAsync("/friends");
        await bob.GetByRole(AriaRole.Textbox, new() { Name = "Find people" }).FillAsync("Alice");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Add friend" }).ClickAsync();
        await alice.GotoAsync("/friends");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        foreach (var width in new[] { 1280, 375 })
        {
            var visitor = await OpenBrowserAsync($"Visitor {width}", width, 800);
            await visitor.GotoAsync("/");
            await Expect(visitor.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article)).ToHaveCountAsync(2);
            await ScreenshotAsync(visitor, $"landing-visitor-{width}");

            var page = await SignInAsync($"Viewer {width}", width, 800);
            await page.GotoAsync("/u/Alice_Liddell");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alice Liddell" })).ToBeVisibleAsync();
            await Expect(page.GetByText("hidden", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add friend" })).ToBeVisibleAsync();
            await ScreenshotAsync(page, $"profile-{width}");

            await bob.SetViewportSizeAsync(width, 800);
            await bob.GotoAsync("/u/Alice_Liddell");
            await Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Message" })).ToBeVisibleAsync();
            await ScreenshotAsync(bob, $"profile-friend-{width}");

            await page.GotoAsync("/me");
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Handle" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Avatar")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Hide email" })).ToBeCheckedAsync();
            await ScreenshotAsync(page, $"me-{width}");
        }
    }

    [Fact]
    public async Task Someone_changes_their_name_and_picture_on_the_edit_page()
    {
        var alice = await SignInAsync("Alice");
        await alice.GotoAsync("/me");
        await alice.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Alice W.");
        await alice.GetByLabel("Avatar").SetInputFilesAsync(new FilePayload
        {
            Name = "me.png",
            MimeType = "image/png",
            Buffer = Profiles.TestImages.Encode(SkiaSharp.SKEncodedImageFormat.Png, 600, 400),
        });
        await Expect(alice.GetByRole(AriaRole.Status).Filter(new() { HasText = "Preview" })).ToBeVisibleAsync();
        await alice.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await alice.WaitForURLAsync("**/u/Alice");
        await Expect(alice.GetByRole(AriaRole.Heading, new() { Name = "Alice W." })).ToBeVisibleAsync();
        var avatar = alice.Locator(".profile-header img.avatar");
        await Expect(avatar).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^/avatars/[0-9a-f]{64}\\.webp$"));
        await Expect(alice.Locator(".user-name")).ToHaveTextAsync("Alice W.");
        (await avatar.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBe(256);
    }

    // Markdown changes the text as shown ("**Live**" shows as "Live"), so the send is confirmed by the composer clearing.
    private static async Task SendUntilTheComposerClearsAsync(IPage page, string text)
    {
        var composer = page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync(text);
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync(string.Empty);
    }
}

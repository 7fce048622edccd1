using System.Text.RegularExpressions;
using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Two people in the public room: a reply with a mention picked from the list, the mention's marker and highlight, the quote's jump, and Copy link.</summary>
public sealed partial class ConversationBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task A_reply_mentions_someone_who_sees_it_marked_jumps_to_the_original_and_copies_its_link(int width, int height)
    {
        var alice = await SignInAsync("Alice", width, height);
        var bob = await SignInAsync("Bob", width, height);
        await bob.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await SendAsync(bob, "Who is in tonight?");
        await bob.GotoAsync("/friends");

        // Alice replies: Esc drops the reply, Reply starts it again; "@Bo" offers Bob, Enter puts his handle in.
        var original = Message(alice, "Who is in tonight?");
        await original.HoverAsync();
        await original.GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        var composer = alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await Expect(alice.Locator("[data-replying]")).ToContainTextAsync("Replying to Bob: Who is in tonight?");
        await Expect(composer).ToBeFocusedAsync();
        await composer.PressAsync("Escape");
        await Expect(alice.Locator("[data-replying]")).ToHaveCountAsync(0);
        await original.HoverAsync();
        await original.GetByRole(AriaRole.Button, new() { Name = "Reply" }).ClickAsync();
        await composer.PressSequentiallyAsync("Count me in @Bo");
        var mentions = alice.GetByRole(AriaRole.Listbox, new() { Name = "Mention" });
        await Expect(mentions.GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
        await Expect(mentions.GetByRole(AriaRole.Option).First).ToContainTextAsync("@Bob");
        await Expect(mentions.GetByRole(AriaRole.Option).First).ToHaveAttributeAsync("aria-selected", "true");
        await ScreenshotAsync(alice, $"mention-list-{width}");
        await composer.PressAsync("Enter");
        await Expect(mentions).ToHaveCountAsync(0);
        await Expect(composer).ToHaveValueAsync("Count me in @Bob ");
        await composer.PressSequentiallyAsync("see you");
        await composer.PressAsync("Enter");

        var reply = Message(alice, "Count me in");
        await Expect(reply.GetByRole(AriaRole.Link, new() { Name = "Reply to Bob" })).ToBeVisibleAsync();
        await Expect(reply.GetByRole(AriaRole.Link, new() { Name = "@Bob" })).ToHaveAttributeAsync("href", "/u/Bob");

        // Bob was elsewhere: his room list marks the room; opening it clears the mark and shows his mention standing out.
        await Expect(bob.Locator(".room-mention")).ToHaveCountAsync(1);
        await bob.GotoAsync("/chat");
        await Expect(bob.Locator(".room-mention")).ToHaveCountAsync(0);
        var mentionForBob = Message(bob, "Count me in");
        await Expect(mentionForBob).ToHaveCSSAsync("box-shadow", Inset());
        await ScreenshotAsync(bob, $"reply-and-mention-{width}");

        // The quote jumps to the original (the URL names it) and marks it.
        await mentionForBob.GetByRole(AriaRole.Link, new() { Name = "Reply to Bob" }).ClickAsync();
        await bob.WaitForURLAsync(new Regex("/chat/1/m/\\d+$"));
        await Expect(Message(bob, "Who is in tonight?").First).ToHaveClassAsync(new Regex("msg-highlight"));

        // More → Copy link puts the reply's address on the clipboard.
        await mentionForBob.HoverAsync();
        await mentionForBob.GetByRole(AriaRole.Button, new() { Name = "More" }).ClickAsync();
        var menu = bob.GetByRole(AriaRole.Menu, new() { Name = "Message actions" });
        await Expect(menu.GetByRole(AriaRole.Menuitem, new() { Name = "Copy link" })).ToBeFocusedAsync();
        await ScreenshotAsync(bob, $"message-menu-{width}");
        await menu.GetByRole(AriaRole.Menuitem, new() { Name = "Copy link" }).ClickAsync();
        await Expect(bob.GetByText("Link copied")).ToBeVisibleAsync();
        await Expect(menu).ToHaveCountAsync(0);
        var copied = await bob.EvaluateAsync<string>("navigator.clipboard.readText()");
        copied.ShouldMatch($"^{Regex.Escape(App.ServerAddress.ToString().TrimEnd('/'))}/chat/1/m/\\d+$");
    }

    [GeneratedRegex("inset")]
    private static partial Regex Inset();
}

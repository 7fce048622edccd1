using LetsChat.Components.Chat;
using LetsChat.Server.Chat;
using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>What a new user trips over, tried as one would: in a browser, at 375 and 1280 px.</summary>
public sealed class NewUserBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_visitor_scrolls_back_through_history_and_a_member_gets_from_a_message_to_its_authors_profile()
    {
        var alice = await App.CreateUserAsync("Alice Liddell");
        await using (var circuit = App.OpenCircuit(alice))
        {
            for (var i = 1; i <= ChatService.PageSize + 5; i++)
            {
                (await circuit.Get<IChatService>().SendAsync(1, Guid.NewGuid(), $"Note number {i}")).Sent.ShouldBeTrue();
            }
        }

        foreach (var width in new[] { 375, 1280 })
        {
            var visitor = await OpenBrowserAsync($"Visitor {width}", width, 800);
            await visitor.GotoAsync("/");
            var log = visitor.GetByRole(AriaRole.Log, new() { Name = "Messages" });
            await Expect(log.GetByRole(AriaRole.Article)).ToHaveCountAsync(ChatService.PageSize);
            await log.GetByRole(AriaRole.Button, new() { Name = "Load older messages" }).ScrollIntoViewIfNeededAsync();
            await Expect(log.GetByRole(AriaRole.Article)).ToHaveCountAsync(ChatService.PageSize + 5);
            await Expect(log.GetByRole(AriaRole.Article).First).ToContainTextAsync("Note number 1");
            await ScreenshotAsync(visitor, $"visitor-history-{width}");
        }

        var bob = await SignInAsync("Bob", 375, 740);
        var note = bob.GetByRole(AriaRole.Article).Filter(new() { HasText = $"Note number {ChatService.PageSize + 5}" });
        var author = note.GetByRole(AriaRole.Link, new() { Name = "Alice Liddell" });
        await Expect(author).ToHaveAttributeAsync("href", $"/u/{alice.Handle}");
        await author.FocusAsync();
        await bob.Keyboard.PressAsync("Enter");
        await Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "Alice Liddell" })).ToBeVisibleAsync();
        await Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Add friend" })).ToBeVisibleAsync();
        await bob.GoBackAsync();
        await note.Locator(".msg-avatar").ClickAsync();
        await Expect(bob).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/u/{alice.Handle}$"));
    }
}

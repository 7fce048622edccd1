using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

public sealed class SignOutBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Signing_out_in_one_tab_closes_every_other_tab_of_that_user_within_five_seconds()
    {
        var first = await SignInAsync("Alice");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("/chat");
        await Expect(second.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();
        var bob = await SignInAsync("Bob");

        await first.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(first).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
        await Expect(second.GetByText("You signed out.")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(second.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToHaveCountAsync(0);
        await Expect(bob.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync(); // others are untouched
    }
}

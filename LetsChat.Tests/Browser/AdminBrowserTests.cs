using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Moderation as moderators and the people they moderate see it in real browsers.</summary>
public sealed class AdminBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_ban_closes_both_tabs_of_the_user_at_once_and_they_cannot_sign_in_again()
    {
        await MakeModeratorAsync("Mod");
        var bob = await SignInAsync("Bob");
        var bobsSecondTab = await bob.Context.NewPageAsync();
        await bobsSecondTab.GotoAsync("/chat");
        await Expect(bobsSecondTab.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();
        var mod = await SignInAsync("Mod");
        var composer = mod.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync("Morning, everyone");
        await composer.PressAsync("Enter");
        await Expect(bob.GetByRole(AriaRole.Article).Filter(new() { HasText = "Morning, everyone" })).ToBeVisibleAsync();

        await mod.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        // The delivery latency of the last minutes, as a chart with its figures in words.
        await Expect(mod.GetByRole(AriaRole.Figure)).ToContainTextAsync("Delivery latency, last 5 minutes: now p50");
        // Live tabs are tabs with a browser connected now: the moderator's and Bob's two, then one fewer once Bob closes one.
        await Expect(Stat(mod, "Online now")).ToHaveTextAsync("2");
        await Expect(Stat(mod, "Live tabs")).ToHaveTextAsync("3");
        var bobsLaptop = await OpenSameUserAsync(bob, "Bob's laptop", 1280, 800);
        IWebSocketRoute? laptopLink = null;
        var networkDown = false;
        await bobsLaptop.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/_blazor"), async socket =>
        {
            if (networkDown)
            {
                await socket.CloseAsync();
                return;
            }

            laptopLink = socket.ConnectToServer();
        });
        // Nor may it come back over SignalR's HTTP transports while the network is down.
        await bobsLaptop.RouteAsync("**/_blazor**", route => networkDown ? route.AbortAsync() : route.ContinueAsync());
        await bobsLaptop.GotoAsync("/chat");
        await Expect(Stat(mod, "Live tabs")).ToHaveTextAsync("4");
        // The laptop's network goes: the server keeps its circuit a while for its return, but it is not a live tab.
        networkDown = true;
        await laptopLink!.CloseAsync();
        await Expect(Stat(mod, "Live tabs")).ToHaveTextAsync("3");
        await Expect(Stat(mod, "Online now")).ToHaveTextAsync("2");
        await ScreenshotAsync(mod, "admin-overview-1280");
        await mod.GetByRole(AriaRole.Textbox, new() { Name = "Search users" }).FillAsync("bob");
        var bobsRow = mod.GetByRole(AriaRole.Row, new() { Name = "Bob" });
        await Expect(mod.GetByRole(AriaRole.Row)).ToHaveCountAsync(2); // the header and Bob
        await bobsRow.GetByRole(AriaRole.Button, new() { Name = "Ban", Exact = true }).ClickAsync();
        await bobsRow.GetByRole(AriaRole.Textbox, new() { Name = "Ban reason" }).FillAsync("spamming");
        await bobsRow.GetByRole(AriaRole.Button, new() { Name = "Confirm ban" }).ClickAsync();

        await Expect(bob.GetByText("banned")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(bobsSecondTab.GetByText("banned")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(bob.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToHaveCountAsync(0);
        await Expect(bobsRow.GetByRole(AriaRole.Button, new() { Name = "Unban" })).ToBeVisibleAsync();
        await Expect(mod.GetByRole(AriaRole.List, new() { Name = "Audit log" })).ToContainTextAsync("Ban · Bob");
        await ScreenshotAsync(bob, "banned-tab-1280");

        var again = await OpenBrowserAsync("Bob again");
        await again.GotoAsync("/signin/dev");
        await again.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Bob");
        await again.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(again.GetByText("banned")).ToBeVisibleAsync();
        again.Url.ShouldNotEndWith("/chat");
    }

    [Fact]
    public async Task A_moderator_removes_a_public_message_and_it_shows_as_removed_on_every_screen()
    {
        await MakeModeratorAsync("Mod");
        var bob = await SignInAsync("Bob");
        var composer = bob.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync("cheap watches here");
        await composer.PressAsync("Enter");
        var mod = await SignInAsync("Mod");
        var message = mod.GetByRole(AriaRole.Article).Filter(new() { HasText = "cheap watches here" });

        await message.HoverAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "Remove message" }).ClickAsync();

        await Expect(bob.GetByRole(AriaRole.Article).Filter(new() { HasText = "Removed by a moderator" })).ToHaveCountAsync(1);
        await Expect(bob.GetByText("cheap watches here")).ToHaveCountAsync(0);
        await Expect(mod.GetByRole(AriaRole.Article).Filter(new() { HasText = "Removed by a moderator" })).ToHaveCountAsync(1);
        await Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Remove message" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Someone_who_is_not_a_moderator_gets_a_403_page_and_no_admin_link()
    {
        var bob = await SignInAsync("Bob");
        await Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);

        var response = await bob.GotoAsync("/admin");

        response.ShouldNotBeNull().Status.ShouldBe(403);
        await Expect(bob.GetByText("Not for you")).ToBeVisibleAsync();
        await Expect(bob.GetByRole(AriaRole.Textbox, new() { Name = "Search users" })).ToHaveCountAsync(0);

        // Within an open tab the router asks too: no request reaches the server's endpoint on this navigation.
        await bob.GotoAsync("/chat");
        await Expect(bob.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeVisibleAsync();
        await bob.EvaluateAsync("Blazor.navigateTo('/admin')");
        await Expect(bob).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin$"));
        await Expect(bob.GetByText("Not for you")).ToBeVisibleAsync();
        await Expect(bob.GetByRole(AriaRole.Textbox, new() { Name = "Search users" })).ToHaveCountAsync(0);
        await Expect(bob.GetByRole(AriaRole.Link, new() { Name = "Friends" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_admin_page_at_desktop_and_phone_widths()
    {
        await MakeModeratorAsync("Mod");
        for (var i = 1; i <= 3; i++)
        {
            await App.CreateUserAsync($"Person {i}", $"person{i}@example.org");
        }

        foreach (var width in new[] { 1280, 375 })
        {
            var page = await SignInAsync("Mod", width);
            await page.GotoAsync("/admin");
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Search users" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Row)).ToHaveCountAsync(5);
            await ScreenshotAsync(page, $"admin-{width}");
            await page.Context.CloseAsync();
        }
    }

    private async Task MakeModeratorAsync(string name)
    {
        var user = await App.CreateUserAsync(name);
        await using var db = await App.CreateDbAsync();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsModerator, true));
    }

    private static ILocator Stat(IPage page, string name) =>
        page.Locator(".admin-stats div").Filter(new() { Has = page.Locator("dt", new() { HasTextString = name }) }).Locator("dd");
}

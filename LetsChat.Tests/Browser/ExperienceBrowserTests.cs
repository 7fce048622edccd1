using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>What makes the product pleasant: a remembered theme, the unread count in the tab title, GitHub sign-in in a real browser.</summary>
public sealed class ExperienceBrowserTests(BrowserFixture browser) : BrowserTest(browser), IAsyncLifetime
{
    private FakeOAuthProvider? _provider;

    protected override LetsChatApp CreateApp()
    {
        _provider = FakeOAuthProvider.StartAsync().GetAwaiter().GetResult();
        return new LetsChatApp(_provider.GitHubSettings(), environment: "Development");
    }

    [Fact]
    public async Task Signing_in_with_GitHub_in_a_browser_lands_in_the_public_room_as_that_person()
    {
        _provider!.NextAccount = new FakeAccount("9001", "octocat", "Mona Lisa Octocat", "mona@example.com", "https://avatars.example.com/9001", EmailPublic: true);
        var page = await OpenBrowserAsync("Mona");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with GitHub" }).ClickAsync();

        await page.WaitForURLAsync("**/chat");
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();
        await Expect(page.Locator(".user-name")).ToHaveTextAsync("Mona Lisa Octocat");
    }

    [Fact]
    public async Task On_a_phone_the_rooms_drawer_opens_over_the_room_and_closes_when_a_room_is_picked()
    {
        var page = await SignInAsync("Phoebe", 375, 740);
        var rooms = page.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" });
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" });
        await Expect(rooms).Not.ToBeVisibleAsync();

        await toggle.ClickAsync();
        await Expect(rooms).ToBeVisibleAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await page.WaitForFunctionAsync("() => getComputedStyle(document.querySelector('.app-drawer')).transform === 'none'");
        await ScreenshotAsync(page, "drawer-375");

        await rooms.GetByRole(AriaRole.Link, new() { Name = "Public room" }).ClickAsync();
        await Expect(rooms).Not.ToBeVisibleAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
    }

    [Fact]
    public async Task On_a_wide_screen_the_rooms_drawer_stays_beside_the_room_until_hidden()
    {
        var page = await SignInAsync("Wendy");
        var rooms = page.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" });
        await Expect(rooms).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();

        await Expect(rooms).Not.ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_theme_toggle_is_remembered_across_a_reload()
    {
        var page = await SignInAsync("Theo");
        await Expect(page.Locator(".mud-theme-dark, html.mud-theme-dark, body.mud-theme-dark")).ToHaveCountAsync(0);

        const string background = "() => getComputedStyle(document.body).backgroundColor";
        var lightBackground = await page.EvaluateAsync<string>(background);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use dark theme" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use light theme" })).ToBeVisibleAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{lightBackground}'");
        var darkBackground = await page.EvaluateAsync<string>(background);
        await page.ReloadAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use light theme" })).ToBeVisibleAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{darkBackground}'");
        await ScreenshotAsync(page, "public-room-dark-1280");
    }

    [Fact]
    public async Task The_tab_title_counts_unread_private_messages_while_the_reader_is_elsewhere()
    {
        await App.MakeFriendsAsync(await App.CreateUserAsync("Alice"), await App.CreateUserAsync("Bob"));
        var alice = await SignInAsync("Alice");
        var bob = await SignInAsync("Bob");
        await Expect(bob).ToHaveTitleAsync("Public room · Let's Chat");

        await alice.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Bob", Exact = true }).ClickAsync();
        // The private room open before typing: until then the composer on screen is still the public room's.
        await Expect(alice.GetByRole(AriaRole.Heading, new() { Name = "Bob", Level = 1, Exact = true })).ToBeVisibleAsync();
        for (var i = 1; i <= 2; i++)
        {
            var composer = alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
            await composer.FillAsync($"ping {i}");
            await composer.PressAsync("Enter");
        }

        await Expect(bob).ToHaveTitleAsync("(2) Public room · Let's Chat");
        await bob.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Alice", Exact = true }).ClickAsync();
        await Expect(bob).ToHaveTitleAsync("Alice · Let's Chat");
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }
}

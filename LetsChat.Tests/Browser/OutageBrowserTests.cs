using LetsChat.Server.Data;
using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>
/// The database goes away under a signed-in tab: an action says it could not be done and keeps the page, a page that
/// cannot load says so in place, and the same tab (the same circuit) carries on once the database is back.
/// </summary>
public sealed class OutageBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    private readonly PostgresServer _postgres = new();

    protected override async ValueTask<LetsChatApp> CreateAppAsync()
    {
        await _postgres.InitializeAsync();
        return new LetsChatApp(postgresConnectionString: await _postgres.CreateDatabaseAsync());
    }

    protected override ValueTask DisposeDependenciesAsync() => _postgres.DisposeAsync();

    [Fact]
    public async Task With_the_database_down_the_tab_explains_what_failed_and_recovers_in_place()
    {
        await App.CreateUserAsync("Bob");
        var alice = await SignInAsync("Alice");
        await alice.GotoAsync("/friends");
        await alice.GetByRole(AriaRole.Textbox, new() { Name = "Find people" }).FillAsync("bob");
        var bobRow = alice.GetByRole(AriaRole.List, new() { Name = "Search results" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Bob" });
        var addFriend = bobRow.GetByRole(AriaRole.Button, new() { Name = "Add friend" });
        await Expect(addFriend).ToBeVisibleAsync();
        var phone = await OpenSameUserAsync(alice, "Alice on a phone", 375, 740);
        await phone.GotoAsync("/friends");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Find people" })).ToBeVisibleAsync();
        // The phone's room list (in its closed drawer) has loaded before the database goes: this test is about the
        // notifications page, and a list still loading then shows its own fault in place of the drawer's links.
        await Expect(phone.Locator("nav.room-nav ul.room-items")).ToHaveCountAsync(1);

        await _postgres.StopAsync();
        await addFriend.ClickAsync();
        var refusal = alice.GetByText(DatabaseOutage.TryAgain);
        await Expect(refusal).ToBeVisibleAsync();
        await Expect(addFriend).ToBeEnabledAsync();
        await Expect(refusal).ToBeHiddenAsync();

        foreach (var (page, width) in new[] { (alice, 1280), (phone, 375) })
        {
            await OpenNotificationsAsync(page, width);
            await Expect(Fault(page)).ToBeVisibleAsync();
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await ScreenshotAsync(page, $"database-outage-{width}");
        }

        await _postgres.StartAsync();
        await Fault(alice).GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(alice.GetByRole(AriaRole.Heading, new() { Name = "Notifications" })).ToBeVisibleAsync();
        await Expect(Fault(alice)).ToBeHiddenAsync();
    }

    private static ILocator Fault(IPage page) => page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "This page could not be loaded" });

    private static async Task OpenNotificationsAsync(IPage page, int width)
    {
        var overContent = width < 800;
        if (overContent)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "All notifications" }).ClickAsync();
        if (overContent)
        {
            await Expect(page.Locator("#app-drawer")).Not.ToBeInViewportAsync();
        }
    }
}

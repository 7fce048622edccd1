using Deque.AxeCore.Playwright;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Runs alone: its two minutes of page loads and axe runs would otherwise crowd the other browser tests' time limits.</summary>
[CollectionDefinition(nameof(AccessibilityBrowserTests), DisableParallelization = true)]
public sealed class AxeRunsAlone;

/// <summary>
/// axe checks every page, signed out and signed in, at 375 and 1280 px, in the light and the dark theme: no serious or
/// critical violation anywhere.
/// </summary>
[Collection(nameof(AccessibilityBrowserTests))]
public sealed class AccessibilityBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    private static readonly string[] Serious = ["serious", "critical"];

    [Fact]
    public async Task Every_page_has_no_serious_or_critical_axe_violation_at_either_width_in_either_theme()
    {
        var ada = await App.CreateUserAsync("Ada");
        var bob = await App.CreateUserAsync("Bob");
        await using var circuits = new CircuitPool(App);
        var groupRoom = await App.CreateGroupAsync(circuits, ada, bob);
        var chat = circuits.Get<IChatService>(ada);
        var privateRoom = (await circuits.Get<IRoomList>(ada).GetRoomsAsync()).Single(r => r.Kind == RoomKind.Private).Id;
        (await chat.SendAsync(privateRoom, Guid.NewGuid(), "**Hello** Bob, see https://example.com")).Succeeded.ShouldBeTrue();
        (await chat.SendAsync(1, Guid.NewGuid(), "Hello everyone")).Succeeded.ShouldBeTrue();
        await using (var db = await App.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == ada.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsModerator, true));
        }

        (string Path, Func<IPage, ILocator> Ready)[] signedOut =
        [
            ("/", p => p.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article).First),
            ("/signin", p => p.GetByRole(AriaRole.Textbox, new() { Name = "Password" })),
            ("/signup", p => p.GetByRole(AriaRole.Textbox, new() { Name = "Handle" })),
            ("/signin/dev", p => p.GetByRole(AriaRole.Textbox, new() { Name = "Display name" })),
        ];
        (string Path, Func<IPage, ILocator> Ready)[] signedIn =
        [
            ("/chat", p => p.GetByRole(AriaRole.Article).First),
            ($"/chat/{privateRoom}", p => p.GetByRole(AriaRole.Article).First),
            ($"/chat/{groupRoom}", p => p.GetByRole(AriaRole.Button, new() { Name = "Members" })),
            ("/chat/987654", p => p.GetByText("not a member")),
            ("/friends", p => p.GetByRole(AriaRole.List, new() { Name = "Your friends" })),
            ($"/u/{bob.Handle}", p => p.GetByRole(AriaRole.Heading, new() { Name = "Bob" })),
            ($"/u/{bob.Handle}/friends", p => p.GetByRole(AriaRole.Main).GetByText("Ada").First),
            ("/me", p => p.GetByRole(AriaRole.Textbox, new() { Name = "Display name" })),
            ("/rooms/new", p => p.GetByRole(AriaRole.Textbox, new() { Name = "Room name" })),
            ("/notifications", p => p.GetByRole(AriaRole.Heading, new() { Name = "Notifications" })),
            ("/admin", p => p.GetByRole(AriaRole.Textbox, new() { Name = "Search users" })),
            ("/search?q=hello%20bo", p => p.GetByRole(AriaRole.List, new() { Name = "Search results" }).GetByRole(AriaRole.Link).First),
        ];

        List<string> violations = [];
        foreach (var (width, height) in new[] { (375, 740), (1280, 800) })
        {
            foreach (var dark in new[] { false, true })
            {
                var look = $"{width} px, {(dark ? "dark" : "light")}";
                var visitor = await OpenBrowserAsync($"Visitor, {look}", width, height, dark: dark);
                violations.AddRange(await CheckAsync(visitor, signedOut, look));
                var member = await SignInAsync("Ada", width, height, dark);
                violations.AddRange(await CheckAsync(member, signedIn, look));
                await visitor.Context.CloseAsync();
                await member.Context.CloseAsync();
            }
        }

        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }

    private static async Task<IEnumerable<string>> CheckAsync(IPage page, (string Path, Func<IPage, ILocator> Ready)[] pages, string look)
    {
        List<string> found = [];
        foreach (var (path, ready) in pages)
        {
            await page.GotoAsync(path);
            await Expect(ready(page)).ToBeVisibleAsync();
            var results = await page.RunAxe();
            found.AddRange(results.Violations
                .Where(v => Serious.Contains(v.Impact))
                .Select(v => $"{path} ({look}): {v.Id} [{v.Impact}] {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        }

        return found;
    }
}

using System.Text.Json;
using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>The service worker showing a Web Push, and a new message shown on the desktop while the tab is in the background.</summary>
public sealed class NotificationDeliveryBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string ShownNotifications =
        "async () => (await (await navigator.serviceWorker.ready).getNotifications()).map(n => ({ title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url }))";

    [Fact]
    public async Task A_push_from_the_push_service_shows_as_one_notification_per_room()
    {
        var page = await SignInAsync("Ada");
        await page.Context.GrantPermissionsAsync(["notifications"]);
        await page.EvaluateAsync("navigator.serviceWorker.ready.then(() => true)");
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var registration = new TaskCompletionSource<string>();
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, e) =>
        {
            foreach (var r in e!.Value.GetProperty("registrations").EnumerateArray())
            {
                if (!r.GetProperty("isDeleted").GetBoolean())
                {
                    registration.TrySetResult(r.GetProperty("registrationId").GetString()!);
                }
            }
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var registrationId = await registration.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var origin = new Uri(page.Url).GetLeftPart(UriPartial.Authority);

        foreach (var body in new[] { "first of two", "second of two" })
        {
            await cdp.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object>
            {
                ["origin"] = origin,
                ["registrationId"] = registrationId,
                ["data"] = JsonSerializer.Serialize(new { title = "Bob", body, tag = "room:7", url = "/chat/7", icon = "/icons/app-192.png", count = 1 }),
            });
        }

        await Eventually.HoldsAsync(async () => (await ShownAsync(page)).Any(n => n.Body == "second of two"), "the second push shows");
        var shown = await ShownAsync(page);
        shown.ShouldBe([new Shown("Bob", "second of two", "room:7", "/chat/7")]); // the room's second replaced its first
    }

    [Fact]
    public async Task A_private_message_shows_on_the_desktop_while_the_readers_tab_is_in_the_background_and_not_while_they_look()
    {
        await App.MakeFriendsAsync(await App.CreateUserAsync("Alice"), await App.CreateUserAsync("Bob"));
        var bob = await SignInAsync("Bob");
        await bob.Context.GrantPermissionsAsync(["notifications"]);
        await bob.GotoAsync("/friends");
        await bob.EvaluateAsync("navigator.serviceWorker.ready.then(() => true)");
        var alice = await SignInAsync("Alice");
        await alice.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Bob", Exact = true }).ClickAsync();
        await Expect(alice.GetByRole(AriaRole.Heading, new() { Name = "Bob", Exact = true })).ToBeVisibleAsync();
        var composer = alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" });

        await composer.FillAsync("while you look");
        await composer.PressAsync("Enter");
        await Expect(bob.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Notifications, 1 unread") })).ToBeVisibleAsync();
        (await ShownAsync(bob)).ShouldBeEmpty();

        // Bob switches to another tab: his Let's Chat tab loses the focus Playwright otherwise gives every page.
        var bobsTab = await bob.Context.NewCDPSessionAsync(bob);
        await bobsTab.SendAsync("Emulation.setFocusEmulationEnabled", new Dictionary<string, object> { ["enabled"] = false });
        var other = await bob.Context.NewPageAsync();
        await other.BringToFrontAsync();
        (await bob.EvaluateAsync<bool>("document.hasFocus()")).ShouldBeFalse();
        await composer.FillAsync("are you still there?");
        await composer.PressAsync("Enter");

        await Eventually.HoldsAsync(async () => (await ShownAsync(bob)).Count == 1, "the message shows on Bob's desktop");
        var shown = (await ShownAsync(bob)).Single();
        shown.Title.ShouldBe("Alice");
        shown.Body.ShouldBe("are you still there?");
        shown.Tag.ShouldStartWith("room:");
        shown.Url.ShouldStartWith("/chat/");
    }

    private static async Task<List<Shown>> ShownAsync(IPage page) =>
        [.. (await page.EvaluateAsync<JsonElement>(ShownNotifications)).EnumerateArray()
            .Select(n => new Shown(n.GetProperty("title").GetString()!, n.GetProperty("body").GetString()!, n.GetProperty("tag").GetString()!, n.GetProperty("url").GetString()))];

    private sealed record Shown(string Title, string Body, string Tag, string? Url);
}

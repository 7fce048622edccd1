using LetsChat.Components.Chat;
using LetsChat.Components.Moderation;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Reports, the moderators' queue and room settings, as the people on each side of them see it in real browsers.</summary>
public sealed class ModerationBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string Insult = "Nobody wants you here, Alice";

    [Fact]
    public async Task A_report_reaches_the_moderators_open_admin_page_without_a_reload()
    {
        await MakeModeratorAsync("Mod");
        var mod = await SignInAsync("Mod");
        await mod.GotoAsync("/admin");
        var queue = mod.GetByRole(AriaRole.Region, new() { Name = "Reports" });
        await Expect(queue).ToContainTextAsync("Nothing to review.");
        // A mark on this very page: it must still be there when the report shows, so no reload brought it.
        await mod.EvaluateAsync("() => window.openedBeforeTheReport = true");
        var bob = await SignInAsync("Bob");
        await SendAsync(bob, Insult);

        var alice = await SignInAsync("Alice");
        var message = Message(alice, Insult);
        await message.HoverAsync();
        await message.GetByRole(AriaRole.Button, new() { Name = "More" }).ClickAsync();
        await alice.GetByRole(AriaRole.Menu, new() { Name = "Message actions" }).GetByRole(AriaRole.Menuitem, new() { Name = "Report" }).ClickAsync();
        var dialog = alice.GetByRole(AriaRole.Dialog, new() { Name = "Report" });
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Report Bob's message" })).ToBeVisibleAsync();
        // The public room is open to moderators: there is nothing to attach.
        await Expect(dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Attach the message" })).ToHaveCountAsync(0);
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Harassment", Exact = true }).CheckAsync();
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Details" }).FillAsync("Third time today he goes after me.");
        await ScreenshotsAtBothWidthsAsync(alice, "report-dialog", dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();

        await Expect(alice.GetByText("Report sent. Thank you — the moderators will look at it.")).ToBeVisibleAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        var report = queue.GetByRole(AriaRole.Article, new() { Name = "Report about Bob's message" });
        await Expect(report.GetByRole(AriaRole.List, new() { Name = "The conversation around it" })).ToContainTextAsync(Insult);
        var said = report.GetByRole(AriaRole.List, new() { Name = "What reporters said" });
        await Expect(said).ToContainTextAsync("Alice");
        await Expect(said).ToContainTextAsync("Harassment");
        await Expect(said).ToContainTextAsync("Third time today he goes after me.");
        await Expect(mod.GetByRole(AriaRole.Heading, new() { Name = "Reports · 1 open" })).ToBeVisibleAsync();
        (await mod.EvaluateAsync<bool>("() => window.openedBeforeTheReport === true")).ShouldBeTrue();
        await Expect(mod.GetByRole(AriaRole.Link, new() { Name = "Admin, 1 to review" })).ToBeVisibleAsync();
        await Expect(mod.GetByRole(AriaRole.Button, new() { Name = "Notifications, 1 unread" })).ToBeVisibleAsync();
        // The bell counts it, but no pop-up covers the queue the moderator is already looking at.
        await Expect(mod.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await ScreenshotsAtBothWidthsAsync(mod, "admin-reports", report);
    }

    [Fact]
    public async Task A_moderator_removes_a_reported_message_from_every_open_screen()
    {
        await MakeModeratorAsync("Mod");
        await using (var circuits = new CircuitPool(App))
        {
            var sent = await circuits.Get<IChatService>(await App.CreateUserAsync("Bob")).SendAsync(Room.PublicRoomId, Guid.NewGuid(), Insult);
            var reported = await circuits.Get<IReports>(await App.CreateUserAsync("Alice")).ReportMessageAsync(sent.Value.ShouldNotBeNull().Id, ReportReason.Harassment, null, false);
            reported.Succeeded.ShouldBeTrue(reported.Message);
        }

        var readers = new List<IPage> { await SignInAsync("Alice"), await SignInAsync("Bob") };
        var visitor = await OpenBrowserAsync("Visitor");
        await visitor.GotoAsync("/");
        readers.Add(visitor);
        foreach (var reader in readers)
        {
            await Expect(Message(reader, Insult)).ToBeVisibleAsync();
        }

        var mod = await SignInAsync("Mod");
        await mod.GotoAsync("/admin");
        var queue = mod.GetByRole(AriaRole.Region, new() { Name = "Reports" });
        await queue.GetByRole(AriaRole.Article, new() { Name = "Report about Bob's message" }).GetByRole(AriaRole.Button, new() { Name = "Remove message" }).ClickAsync();

        foreach (var reader in readers)
        {
            await Expect(Message(reader, "Removed by a moderator")).ToHaveCountAsync(1);
            await Expect(reader.GetByText(Insult)).ToHaveCountAsync(0);
        }

        await Expect(queue).ToContainTextAsync("Nothing to review.");
        await Expect(queue.GetByRole(AriaRole.Article)).ToHaveCountAsync(0);
        await Expect(mod.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToBeVisibleAsync();
        await Expect(mod.GetByRole(AriaRole.List, new() { Name = "Audit log" })).ToContainTextAsync("Remove message · Bob");
        await queue.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(mod, "admin-reports-empty-1280");
    }

    [Fact]
    public async Task Slow_mode_set_by_a_group_rooms_owner_shows_under_a_members_composer_at_once()
    {
        long roomId;
        await using (var circuits = new CircuitPool(App))
        {
            roomId = await App.CreateGroupAsync(circuits, await App.CreateUserAsync("Olivia"), await App.CreateUserAsync("Frank"));
        }

        var frank = await SignInAsync("Frank");
        await frank.GotoAsync($"/chat/{roomId}");
        var hint = frank.GetByText("Slow mode: one message every 30 seconds per person.");
        var owner = await SignInAsync("Olivia");
        await owner.GotoAsync($"/chat/{roomId}");
        await Expect(frank.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();
        await Expect(hint).ToHaveCountAsync(0);

        await owner.GetByRole(AriaRole.Button, new() { Name = "Room settings" }).ClickAsync();
        var settings = owner.GetByRole(AriaRole.Region, new() { Name = "Room settings" });
        await settings.GetByRole(AriaRole.Combobox, new() { Name = "Slow mode" }).SelectOptionAsync(new SelectOptionValue { Label = "30 seconds" });

        await Expect(settings.GetByRole(AriaRole.Status)).ToHaveTextAsync("Slow mode in Study group: one message every 30 seconds per person.");
        await Expect(hint).ToBeVisibleAsync();
        // The owner is not slowed, so their composer says nothing about it.
        await Expect(owner.GetByText("Slow mode: one message")).ToHaveCountAsync(0);
        await ScreenshotsAtBothWidthsAsync(owner, "room-settings", settings);
    }

    /// <summary>The page as it is at 1280 px, then the same page narrowed to a phone's 375 px, <paramref name="subject"/> in view.</summary>
    private static async Task ScreenshotsAtBothWidthsAsync(IPage page, string name, ILocator subject)
    {
        // Without motion the drawer is where the narrower layout puts it at once, not caught sliding away.
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        foreach (var (width, height) in new[] { (1280, 800), (375, 740) })
        {
            await page.SetViewportSizeAsync(width, height);
            await subject.ScrollIntoViewIfNeededAsync();
            await Expect(subject).ToBeInViewportAsync();
            await ScreenshotAsync(page, $"{name}-{width}");
        }

        await page.SetViewportSizeAsync(1280, 800);
    }

    private async Task MakeModeratorAsync(string name)
    {
        var user = await App.CreateUserAsync(name);
        await using var db = await App.CreateDbAsync();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsModerator, true));
    }
}

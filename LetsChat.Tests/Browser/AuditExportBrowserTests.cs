using LetsChat.Server.Admin;
using LetsChat.Tests.Admin;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>The audit log's filters and its CSV export as a moderator uses them in a real browser.</summary>
public sealed class AuditExportBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task The_filters_narrow_the_log_and_Export_CSV_downloads_what_they_select()
    {
        var mod = await App.CreateUserAsync("Mod");
        var carol = await App.CreateUserAsync("Carol");
        var bob = await App.CreateUserAsync("Bob");
        await using (var db = await App.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == mod.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsModerator, true));
        }

        await App.AddAuditEntriesAsync(
            AuditLogSeed.Entry(mod, AuditActions.Ban, "2026-11-20T12:00:00Z", bob, reason: "too early"),
            AuditLogSeed.Entry(carol, AuditActions.Mute, "2026-12-01T12:00:00Z", bob, reason: "Carol's mute"),
            AuditLogSeed.Entry(mod, AuditActions.Unban, "2026-12-01T12:30:00Z", bob, reason: "the one to export"));
        var page = await SignInAsync("Mod");
        await page.GotoAsync("/admin");
        var log = page.GetByRole(AriaRole.List, new() { Name = "Audit log" });
        await Expect(log.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);

        await page.GetByRole(AriaRole.Textbox, new() { Name = "From", Exact = true }).FillAsync("2026-12-01");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Moderator", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Mod (@" + mod.Handle + ")" });
        await Expect(log.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());

        download.SuggestedFilename.ShouldStartWith("letschat-audit-");
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        lines[1].ShouldEndWith(",Unban,Bob," + bob.Handle + ",,,the one to export");
        // The page is still there: the download did not navigate away.
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "To", Exact = true })).ToBeVisibleAsync();
    }
}

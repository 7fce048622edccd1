using System.Net;
using System.Text;
using LetsChat.Server.Admin;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static LetsChat.Tests.Admin.AuditLogSeed;

namespace LetsChat.Tests.Admin;

/// <summary>GET /admin/audit.csv on the real server: what a moderator downloads, and what everyone else gets.</summary>
public sealed class AuditExportTests : HostTest
{
    private const string Header = "Time (UTC),Moderator,Moderator handle,Action,Target,Target handle,Room,Message,Reason";

    [Fact]
    public async Task A_moderator_downloads_the_chosen_days_oldest_first_with_every_cell_quoted_as_needed()
    {
        var mod = await ModeratorAsync("Mod");
        var carol = await ModeratorAsync("Carol");
        var bob = await App.CreateUserAsync("Bob");
        var studyGroup = await App.CreateGroupAsync(Circuits, carol, bob);
        await App.AddAuditEntriesAsync(
            Entry(mod, AuditActions.Ban, "2026-11-30T22:00:00Z", bob, reason: "the day before, in Paris"),
            Entry(mod, AuditActions.RemoveMessage, "2026-12-01T09:15:00Z", bob, reason: "he said \"buy\", then\nleft", messageId: 42, roomId: Room.PublicRoomId),
            Entry(carol, AuditActions.MuteInRoom, "2026-12-01T08:00:00Z", bob, reason: "=HYPERLINK(\"http://evil.example\")", roomId: studyGroup),
            Entry(mod, AuditActions.Unban, "2026-12-01T10:00:00Z", bob, reason: "-2+3"),
            Entry(carol, AuditActions.Unmute, "2026-12-02T12:00:00Z", bob));
        using var browser = await SignedInAsync("Mod");

        var response = await browser.GetAsync("/admin/audit.csv?from=2026-12-01&to=2026-12-01&tz=Europe%2FParis");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentType.CharSet.ShouldBe("utf-8");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldMatch(@"^letschat-audit-\d{4}-\d{2}-\d{2}\.csv$");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes[..3].ShouldBe(Encoding.UTF8.Preamble.ToArray());
        Encoding.UTF8.GetString(bytes[3..]).ShouldBe(
            Header + "\r\n" +
            $"2026-12-01 08:00:00,Carol,{carol.Handle},Mute in room,Bob,{bob.Handle},Study group,,\"'=HYPERLINK(\"\"http://evil.example\"\")\"\r\n" +
            $"2026-12-01 09:15:00,Mod,{mod.Handle},Remove message,Bob,{bob.Handle},Public room,42,\"he said \"\"buy\"\", then\nleft\"\r\n" +
            $"2026-12-01 10:00:00,Mod,{mod.Handle},Unban,Bob,{bob.Handle},,,'-2+3\r\n");
    }

    [Fact]
    public async Task The_export_holds_every_row_the_filters_select_not_only_those_the_page_shows()
    {
        var mod = await ModeratorAsync("Mod");
        var carol = await ModeratorAsync("Carol");
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        await App.AddAuditEntriesAsync(Enumerable.Range(0, 240).Select(i =>
            Entry(i % 2 == 0 ? mod : carol, AuditActions.ResetLink, start.AddMinutes(i).ToString("O", System.Globalization.CultureInfo.InvariantCulture))));
        using var browser = await SignedInAsync("Mod");

        var all = (await browser.GetStringAsync("/admin/audit.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var carols = (await browser.GetStringAsync($"/admin/audit.csv?moderator={carol.Id}")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        all.Length.ShouldBe(1 + 240);
        all[1].ShouldStartWith("2026-12-01 00:00:00,Mod,");
        all[^1].ShouldStartWith("2026-12-01 03:59:00,Carol,");
        carols.Length.ShouldBe(1 + 120);
        carols.Skip(1).ShouldAllBe(line => line.Contains(",Carol,"));
    }

    [Theory]
    [InlineData("from=2026-13-01", "from must be a date")]
    [InlineData("from=12/04/2026", "from must be a date")]
    [InlineData("to=yesterday", "to must be a date")]
    [InlineData("from=2026-12-05&to=2026-12-01", "The From date is after the To date")]
    [InlineData("moderator=everyone", "moderator must be a user id")]
    [InlineData("tz=Mars%2FOlympus_Mons", "tz must be a time zone id")]
    [InlineData("tz=..%2F..%2F..%2Fetc%2Fpasswd", "tz must be a time zone id")]
    public async Task A_bad_query_is_a_400_that_says_what_is_wrong(string query, string message)
    {
        await ModeratorAsync("Mod");
        using var browser = await SignedInAsync("Mod");

        var response = await browser.GetAsync($"/admin/audit.csv?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync()).ShouldStartWith(message);
    }

    [Fact]
    public async Task Someone_who_is_not_a_moderator_now_gets_a_403_whatever_their_cookie_said()
    {
        await App.CreateUserAsync("Bob");
        var mod = await ModeratorAsync("Mod");
        using var bob = await SignedInAsync("Bob");
        using var demoted = await SignedInAsync("Mod");
        await using (var db = await App.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == mod.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsModerator, false));
        }

        foreach (var browser in new[] { bob, demoted })
        {
            var response = await browser.GetAsync("/admin/audit.csv");

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (response.Content.Headers.ContentType?.MediaType).ShouldNotBe("text/csv");
        }
    }

    [Fact]
    public async Task Someone_signed_out_is_sent_to_sign_in_and_gets_no_file()
    {
        var response = await App.CreateBrowserLikeClient().GetAsync("/admin/audit.csv?tz=UTC");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("returnUrl=%2Fadmin%2Faudit.csv");
        (response.Content.Headers.ContentType?.MediaType).ShouldNotBe("text/csv");
    }

    private async Task<User> ModeratorAsync(string name)
    {
        var user = await App.CreateUserAsync(name);
        await using var db = await App.CreateDbAsync();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsModerator, true));
        return user;
    }

    private async Task<HttpClient> SignedInAsync(string name)
    {
        var browser = App.CreateBrowserLikeClient();
        (await DevSignInClient.SignInAsync(browser, name)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }
}

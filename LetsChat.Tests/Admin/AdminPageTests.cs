using System.Security.Claims;
using Bunit;
using LetsChat.Components.Admin;
using LetsChat.Components.Moderation;
using LetsChat.Tests.Moderation;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using LetsChat.Components.Shared;

namespace LetsChat.Tests.Admin;

/// <summary>The admin page against a fake service: what a moderator sees and what each button asks for.</summary>
public sealed class AdminPageTests : ComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeAdmin _admin = new();
    private readonly FakeModeration _moderation = new();
    private readonly FakeTimeProvider _time = new(Now);

    public AdminPageTests()
    {
        Services.AddSingleton<IAdminService>(_admin);
        Services.AddSingleton<IModeration>(_moderation);
        Services.AddSingleton<TimeProvider>(_time);
        var me = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "1"), new Claim(ClaimTypes.Name, "Mod")], "test"));
        Services.AddCascadingValue(_ => Task.FromResult(new AuthenticationState(me)));
        _admin.Users.Add(new AdminUser(1, "Mod", "mod", "mod@example.com", "dev", Now, null, true, true, false, null, null));
        _admin.Users.Add(new AdminUser(2, "Bob", "bob", null, "github", Now, Now.AddHours(-2), false, false, false, null, null));
        _admin.Users.Add(new AdminUser(3, "Eve", "eve", null, "google", Now, null, false, false, true, "spam", null));
    }

    [Fact]
    public void Shows_the_overview_the_users_and_the_buttons_that_fit_each()
    {
        var page = Render<AdminPage>();

        page.Find(".admin-stats").TextContent.ShouldContain("Online now");
        page.Find(".admin-stats").TextContent.ShouldContain("42");
        var rows = page.FindAll("tbody tr");
        rows.Count.ShouldBe(3);
        Buttons(rows[0]).ShouldBe(["Remove moderator", "Reset link", "Mute"]); // no Ban for oneself
        Buttons(rows[1]).ShouldBe(["Ban", "Make moderator", "Reset link", "Mute"]);
        Buttons(rows[2]).ShouldBe(["Unban"]);
        rows[2].TextContent.ShouldContain("Banned: spam");
        page.Find("#search-users").ShouldNotBeNull();
        page.Find(".audit-log").TextContent.ShouldContain("Mod · Ban · Eve");
    }

    [Fact]
    public void The_reports_and_the_blocked_words_follow_the_overview()
    {
        _moderation.Queues[QueueScope.Site] = new ModerationItems([], [], [new HeldMessageView(5, 1, "Public room", 2, "Bob", "visit spamsite", "spamsite", Now)]);

        var page = Render<AdminPage>();

        var sections = page.FindAll("section[aria-labelledby]").Select(s => page.Find("#" + s.GetAttribute("aria-labelledby")).TextContent).ToList();
        sections.Take(4).ShouldBe(["Overview", "Reports", "Blocked words", "Users"]);
        page.Find("section.report-queue h2").TextContent.ShouldBe("Reports · 1 open");
        page.Find("section.report-queue article").GetAttribute("aria-label").ShouldBe("Held message from Bob");
    }

    [Fact]
    public void Ban_asks_for_a_reason_then_bans_with_it_and_shows_the_outcome()
    {
        var page = Render<AdminPage>();
        var bob = page.FindAll("tbody tr")[1];

        bob.QuerySelectorAll("button").Single(b => b.TextContent == "Ban").Click();
        page.Find("input[aria-label='Ban reason']").Change("flooding");
        page.Find("form.admin-inline-form").Submit();

        _admin.Calls.ShouldBe(["Ban 2 flooding"]);
        page.Find("[role=status]").TextContent.ShouldBe("done");
    }

    [Fact]
    public void A_refusal_is_shown_as_an_alert()
    {
        _admin.NextResult = Outcome.Refused("You cannot remove the last moderator.");
        var page = Render<AdminPage>();

        page.FindAll("tbody tr")[0].QuerySelectorAll("button").Single(b => b.TextContent == "Remove moderator").Click();

        _admin.Calls.ShouldBe(["Moderator 1 False"]);
        page.Find("[role=alert]").TextContent.ShouldBe("You cannot remove the last moderator.");
    }

    [Fact]
    public void A_reset_link_is_shown_once_on_its_row_and_gone_after_the_next_action()
    {
        var page = Render<AdminPage>();

        page.FindAll("tbody tr")[1].QuerySelectorAll("button").Single(b => b.TextContent == "Reset link").Click();

        _admin.Calls.ShouldBe(["Reset link 2"]);
        var link = page.Find("tbody tr:nth-child(2) input[aria-label='Reset link']");
        link.GetAttribute("value").ShouldBe("http://localhost/reset/token-2");
        link.HasAttribute("readonly").ShouldBeTrue();
        page.FindAll("tbody tr")[1].TextContent.ShouldContain("Shown once. Expires in 1 hour.");

        page.FindAll("tbody tr")[1].QuerySelectorAll("button").Single(b => b.TextContent == "Mute").Click();

        page.FindAll("input[aria-label='Reset link']").ShouldBeEmpty();
    }

    [Fact]
    public void Mute_uses_the_duration_chosen_on_that_row()
    {
        var page = Render<AdminPage>();

        page.Find("select[aria-label='Mute Bob for']").Change((24 * 60).ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.FindAll("tbody tr")[1].QuerySelectorAll("button").Single(b => b.TextContent == "Mute").Click();

        _admin.Calls.ShouldBe(["Mute 2 1.00:00:00"]);
    }

    [Fact]
    public void Searching_asks_the_service_and_a_change_by_another_moderator_reloads_the_table()
    {
        var page = Render<AdminPage>();

        page.Find("#search-users").Input("bo");
        _time.Advance(TimeSpan.FromSeconds(1)); // past the search box's debounce
        page.WaitForAssertion(() => _admin.Queries.ShouldContain("bo"), TimeSpan.FromSeconds(10));

        _admin.Users.Add(new AdminUser(4, "Newcomer", "newcomer", null, "dev", Now, null, false, false, false, null, null));
        _admin.RaiseChange();
        page.WaitForAssertion(() => page.FindAll("tbody tr").Count.ShouldBe(4), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Someone_who_is_no_longer_a_moderator_sees_the_403_notice()
    {
        _admin.IsModerator = false;

        var page = Render<AdminPage>();

        page.Find("[role=alert]").TextContent.ShouldContain("moderators only");
        page.FindAll("table").ShouldBeEmpty();
    }

    private static List<string> Buttons(AngleSharp.Dom.IElement row) =>
        row.QuerySelectorAll("div.admin-actions button").Select(b => b.TextContent).ToList();

    /// <summary>The admin service as the page sees it; the audit log section's tests use it too.</summary>
    internal sealed class FakeAdmin : IAdminService
    {
        // The page and its audit log section each watch.
        private readonly List<Func<IReadOnlyList<UserEvent>, Task>> _watchers = [];

        public List<AdminUser> Users { get; } = [];
        public List<string> Calls { get; } = [];
        public List<string?> Queries { get; } = [];
        public bool IsModerator { get; set; } = true;
        public Outcome NextResult { get; set; } = Outcome.Done("done");

        public List<AuditView> Audit { get; } = [new AuditView(1, Now, "Mod", "Ban", "Eve", null, "spam")];
        public List<AuditFilter> AuditFilters { get; } = [];

        public void RaiseChange() => _watchers.ForEach(watcher => watcher([]));

        public Task<bool> IsModeratorAsync(CancellationToken cancellationToken = default) => Task.FromResult(IsModerator);

        public Task<AdminOverview?> GetOverviewAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(IsModerator ? new AdminOverview(42, 50, 3, 9, 1, 2, Users.Count) : null);

        public Task<AdminUserPage?> SearchUsersAsync(string? query, int page, CancellationToken cancellationToken = default)
        {
            Queries.Add(query);
            return Task.FromResult(IsModerator ? new AdminUserPage(Users.ToList(), Users.Count, 0, 20) : null);
        }

        public Task<IReadOnlyList<AuditView>> GetAuditLogAsync(AuditFilter filter, TimeZoneInfo zone, int count, CancellationToken cancellationToken = default)
        {
            AuditFilters.Add(filter);
            return Task.FromResult<IReadOnlyList<AuditView>>(Audit.ToList());
        }

        public Task<IReadOnlyList<AuditModerator>> GetAuditModeratorsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<AuditModerator>>([new AuditModerator(1, "Mod", "mod"), new AuditModerator(4, "Ann", "ann")]);

        public Task<Outcome> BanAsync(long userId, string? reason) => Record($"Ban {userId} {reason}");

        public Task<Outcome> UnbanAsync(long userId) => Record($"Unban {userId}");

        public Task<Outcome> SetModeratorAsync(long userId, bool isModerator) => Record($"Moderator {userId} {isModerator}");

        public Task<Outcome> MuteAsync(long userId, TimeSpan duration, string? reason) => Record($"Mute {userId} {duration}");

        public Task<Outcome> UnmuteAsync(long userId) => Record($"Unmute {userId}");

        public Task<Outcome> RemoveMessageAsync(long messageId, string? reason) => Record($"Remove {messageId}");

        public async Task<AdminResetLink> CreateResetLinkAsync(long userId)
        {
            var result = await Record($"Reset link {userId}");
            return new AdminResetLink(result, result.Succeeded ? $"/reset/token-{userId}" : null);
        }

        public Task<IDisposable?> WatchAsync(Func<IReadOnlyList<UserEvent>, Task> onChanges)
        {
            _watchers.Add(onChanges);
            return Task.FromResult<IDisposable?>(null);
        }

        private Task<Outcome> Record(string call)
        {
            Calls.Add(call);
            return Task.FromResult(NextResult);
        }
    }
}

using Bunit;
using LetsChat.Components.Admin;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Admin;

/// <summary>The audit log on /admin against a fake service: its filters, what they ask for, and the export link.</summary>
public sealed class AuditLogSectionTests : ComponentTest
{
    private readonly AdminPageTests.FakeAdmin _admin = new();

    public AuditLogSectionTests()
    {
        Services.AddSingleton<IAdminService>(_admin);
        Services.GetRequiredService<ReaderTimeZone>().Set(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
    }

    [Fact]
    public void Shows_the_filters_with_every_moderator_of_the_log_and_an_export_of_everything()
    {
        var section = Render<AuditLogSection>();

        section.FindAll("label").Select(l => (l.TextContent, l.GetAttribute("for"))).ShouldBe([("From", "audit-from"), ("To", "audit-to"), ("Moderator", "audit-moderator")]);
        section.Find("#audit-from").GetAttribute("type").ShouldBe("date");
        section.Find("#audit-to").GetAttribute("type").ShouldBe("date");
        section.FindAll("#audit-moderator option").Select(o => o.TextContent).ShouldBe(["Anyone", "Mod (@mod)", "Ann (@ann)"]);
        var export = section.Find("a[download]");
        export.TextContent.ShouldBe("Export CSV");
        export.GetAttribute("href").ShouldBe("/admin/audit.csv?tz=Europe%2FParis");
        section.Find("ol[aria-label='Audit log']").TextContent.ShouldContain("Mod · Ban · Eve");
    }

    [Fact]
    public void The_chosen_days_and_moderator_narrow_the_log_and_the_export_link_carries_them()
    {
        var section = Render<AuditLogSection>();

        section.Find("#audit-from").Change("2026-11-01");
        section.Find("#audit-to").Change("2026-11-30");
        section.Find("#audit-moderator").Change("4");

        _admin.AuditFilters[^1].ShouldBe(new AuditFilter(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), 4));
        section.Find("a[download]").GetAttribute("href").ShouldBe("/admin/audit.csv?from=2026-11-01&to=2026-11-30&moderator=4&tz=Europe%2FParis");
        section.Find("#audit-to").GetAttribute("min").ShouldBe("2026-11-01");

        section.Find("#audit-moderator").Change(string.Empty);

        _admin.AuditFilters[^1].ModeratorId.ShouldBeNull();
        section.Find("a[download]").GetAttribute("href").ShouldBe("/admin/audit.csv?from=2026-11-01&to=2026-11-30&tz=Europe%2FParis");
    }

    [Fact]
    public void A_from_after_the_to_is_an_alert_with_nothing_to_export()
    {
        var section = Render<AuditLogSection>();

        section.Find("#audit-from").Change("2026-12-05");
        section.Find("#audit-to").Change("2026-12-01");

        section.Find("[role=alert]").TextContent.ShouldBe(AuditFilter.FromAfterTo);
        section.FindAll("a[download]").ShouldBeEmpty();
        section.FindAll("ol").ShouldBeEmpty();
    }

    [Fact]
    public void A_moderation_anywhere_reloads_the_log_with_the_same_filters()
    {
        var section = Render<AuditLogSection>();
        section.Find("#audit-moderator").Change("1");

        _admin.Audit.Insert(0, new AuditView(2, DateTimeOffset.UtcNow, "Mod", "Unban", "Eve", null, null));
        _admin.RaiseChange();

        section.WaitForAssertion(() => section.FindAll("ol li").Count.ShouldBe(2), TimeSpan.FromSeconds(10));
        _admin.AuditFilters[^1].ModeratorId.ShouldBe(1);
    }
}

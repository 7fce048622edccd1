using LetsChat.Components.Admin;
using LetsChat.Server.Admin;
using LetsChat.Tests.Support;
using static LetsChat.Tests.Admin.AuditLogSeed;

namespace LetsChat.Tests.Admin;

/// <summary>The audit log's filters through the real host's service: days as the reader's calendar has them, and who acted.</summary>
public sealed class AuditLogTests() : HostTest(new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:Moderators:0"] = "mod@example.com" }))
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public async Task The_log_narrows_to_whole_days_in_the_readers_time_zone_and_to_one_moderator()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var carol = await App.CreateUserAsync("Carol");
        var bob = await App.CreateUserAsync("Bob");
        // Paris is an hour ahead of UTC in winter: its 1 December runs from 30 November 23:00 to 1 December 23:00 UTC.
        await App.AddAuditEntriesAsync(
            Entry(mod, AuditActions.Mute, "2026-11-30T22:59:59Z", bob, reason: "Paris, 30 November"),
            Entry(carol, AuditActions.Ban, "2026-11-30T23:00:00Z", bob, reason: "Paris, 1 December, first moment"),
            Entry(mod, AuditActions.Unban, "2026-12-01T22:59:59Z", bob, reason: "Paris, 1 December, last moment"),
            Entry(carol, AuditActions.Mute, "2026-12-01T23:00:00Z", bob, reason: "Paris, 2 December"));
        await using var circuit = App.OpenCircuit(mod);
        var admin = circuit.Get<IAdminService>();
        var december1 = new DateOnly(2026, 12, 1);

        async Task<string?[]> ReasonsAsync(AuditFilter filter, TimeZoneInfo zone) =>
            [.. (await admin.GetAuditLogAsync(filter, zone, 50)).Select(a => a.Reason)];

        (await ReasonsAsync(new(december1, december1), Paris)).ShouldBe(["Paris, 1 December, last moment", "Paris, 1 December, first moment"]);
        (await ReasonsAsync(new(december1, december1), TimeZoneInfo.Utc)).ShouldBe(["Paris, 2 December", "Paris, 1 December, last moment"]);
        (await ReasonsAsync(new(december1, december1, carol.Id), Paris)).ShouldBe(["Paris, 1 December, first moment"]);
        (await ReasonsAsync(new(From: december1.AddDays(1)), Paris)).ShouldBe(["Paris, 2 December"]);
        (await ReasonsAsync(new(To: december1.AddDays(-1)), Paris)).ShouldBe(["Paris, 30 November"]);
        (await ReasonsAsync(new(ModeratorId: mod.Id), Paris)).ShouldBe(["Paris, 1 December, last moment", "Paris, 30 November"]);
        (await ReasonsAsync(new(december1.AddDays(1), december1), Paris)).ShouldBeEmpty();
        (await admin.GetAuditLogAsync(AuditFilter.Anything, Paris, 3)).Count.ShouldBe(3);
        (await admin.GetAuditModeratorsAsync()).ShouldBe([new AuditModerator(carol.Id, "Carol", carol.Handle), new AuditModerator(mod.Id, "Mod", mod.Handle)]);
    }

    [Fact]
    public async Task Someone_who_is_not_a_moderator_gets_neither_the_log_nor_its_moderators()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var eve = await App.CreateUserAsync("Eve");
        await App.AddAuditEntriesAsync(Entry(mod, AuditActions.Ban, "2026-12-01T10:00:00Z", eve));
        await using var circuit = App.OpenCircuit(eve);
        var admin = circuit.Get<IAdminService>();

        (await admin.GetAuditLogAsync(AuditFilter.Anything, Paris, 50)).ShouldBeEmpty();
        (await admin.GetAuditModeratorsAsync()).ShouldBeEmpty();
    }
}

using LetsChat.Server.Admin;

namespace LetsChat.Tests.Admin;

/// <summary>Where a reader's day begins, on the days their clocks change too.</summary>
public sealed class AuditDayTests
{
    [Theory]
    [InlineData("Europe/Paris", "2026-12-01", "2026-11-30T23:00:00Z")]
    [InlineData("Europe/Paris", "2026-07-01", "2026-06-30T22:00:00Z")]
    [InlineData("Asia/Tokyo", "2026-12-01", "2026-11-30T15:00:00Z")]
    [InlineData("UTC", "2026-12-01", "2026-12-01T00:00:00Z")]
    // Havana moves its clocks at midnight: on 8 March 2026 the day starts at 01:00 (UTC-4); on 1 November
    // midnight comes twice, and the day starts at the first one (still UTC-4).
    [InlineData("America/Havana", "2026-03-08", "2026-03-08T05:00:00Z")]
    [InlineData("America/Havana", "2026-11-01", "2026-11-01T04:00:00Z")]
    public void A_day_starts_at_its_first_minute_in_the_zone(string zone, string day, string start)
    {
        var found = AuditLogQuery.StartOfDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));

        found.ShouldBe(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        found!.Value.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void The_first_and_last_days_of_the_calendar_limit_nothing()
    {
        AuditLogQuery.StartOfDay(DateOnly.MinValue, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).ShouldBeNull();
        AuditLogQuery.StartOfDay(DateOnly.MaxValue, TimeZoneInfo.FindSystemTimeZoneById("America/Havana")).ShouldBeNull();
    }
}

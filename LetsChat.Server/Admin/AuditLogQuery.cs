using LetsChat.Components.Admin;

namespace LetsChat.Server.Admin;

/// <summary>The audit entries an <see cref="AuditFilter"/> selects: one query for the admin page and the CSV export alike.</summary>
internal static class AuditLogQuery
{
    public static IQueryable<AuditEntry> Matching(this IQueryable<AuditEntry> entries, AuditFilter filter, TimeZoneInfo zone)
    {
        if (filter.From is { } from && StartOfDay(from, zone) is { } start)
        {
            entries = entries.Where(a => a.CreatedAt >= start);
        }

        // To is a whole day: everything before the next one begins.
        if (filter.To is { } to && to < DateOnly.MaxValue && StartOfDay(to.AddDays(1), zone) is { } end)
        {
            entries = entries.Where(a => a.CreatedAt < end);
        }

        if (filter.ModeratorId is { } moderatorId)
        {
            entries = entries.Where(a => a.ModeratorId == moderatorId);
        }

        return entries;
    }

    /// <summary>
    /// The instant, in UTC, <paramref name="day"/> begins in <paramref name="zone"/>: where clocks skip midnight, the
    /// first minute that exists; where midnight comes twice, the first of the two. Null for the calendar's first and
    /// last days, which limit nothing.
    /// </summary>
    /// <remarks>Always UTC: SQLite compares stored numbers that carry the clock time, and PostgreSQL takes no other offset.</remarks>
    public static DateTimeOffset? StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        if (day == DateOnly.MinValue || day == DateOnly.MaxValue)
        {
            return null;
        }

        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // For a skipped midnight GetUtcOffset gives the standard offset, which lands on the first minute after the gap.
        var offset = zone.IsAmbiguousTime(midnight) ? zone.GetAmbiguousTimeOffsets(midnight).Max() : zone.GetUtcOffset(midnight);
        return new DateTimeOffset(midnight - offset, TimeSpan.Zero);
    }
}

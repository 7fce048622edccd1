using System.Globalization;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Admin;

/// <summary>What the audit log's CSV export was asked for: which entries, and the time zone its days are read in.</summary>
public sealed record AuditExportRequest(AuditFilter Filter, TimeZoneInfo Zone);

/// <summary>
/// The address of the audit log's CSV export, <c>/admin/audit.csv?from=…&amp;to=…&amp;moderator=…&amp;tz=…</c>: written
/// by the admin page and read by the endpoint here, so that the two cannot disagree on a name or a format.
/// </summary>
public static class AuditExportLink
{
    public const string Path = "/admin/audit.csv";
    private const string DateFormat = "yyyy-MM-dd";

    public static string For(AuditFilter filter, TimeZoneInfo zone)
    {
        List<string> query = [];
        if (filter.From is { } from)
        {
            query.Add("from=" + from.ToString(DateFormat, CultureInfo.InvariantCulture));
        }

        if (filter.To is { } to)
        {
            query.Add("to=" + to.ToString(DateFormat, CultureInfo.InvariantCulture));
        }

        if (filter.ModeratorId is { } moderator)
        {
            query.Add("moderator=" + moderator.ToString(CultureInfo.InvariantCulture));
        }

        query.Add("tz=" + Uri.EscapeDataString(zone.Id));
        return Path + "?" + string.Join('&', query);
    }

    /// <summary>The request the query string names, or a refusal that says which value is wrong. Missing values limit nothing; no zone is UTC.</summary>
    public static Outcome<AuditExportRequest> Read(string? from, string? to, string? moderator, string? tz)
    {
        if (!TryReadDate(from, out var fromDay))
        {
            return Outcome.Refused<AuditExportRequest>($"from must be a date written yyyy-MM-dd, such as 2026-12-04; “{from}” is not.");
        }

        if (!TryReadDate(to, out var toDay))
        {
            return Outcome.Refused<AuditExportRequest>($"to must be a date written yyyy-MM-dd, such as 2026-12-04; “{to}” is not.");
        }

        long? moderatorId = null;
        if (!string.IsNullOrEmpty(moderator))
        {
            if (!long.TryParse(moderator, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return Outcome.Refused<AuditExportRequest>($"moderator must be a user id, such as 42; “{moderator}” is not.");
            }

            moderatorId = id;
        }

        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrEmpty(tz) && !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out zone))
        {
            return Outcome.Refused<AuditExportRequest>($"tz must be a time zone id, such as Europe/Paris; “{tz}” is not one this server knows.");
        }

        var filter = new AuditFilter(fromDay, toDay, moderatorId);
        return filter.IsBackwards ? Outcome.Refused<AuditExportRequest>(AuditFilter.FromAfterTo) : Outcome.Done(new AuditExportRequest(filter, zone));
    }

    private static bool TryReadDate(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        day = parsed;
        return true;
    }
}

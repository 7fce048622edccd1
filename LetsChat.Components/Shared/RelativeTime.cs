using System.Globalization;

namespace LetsChat.Components.Shared;

/// <summary>Times as people say them: "just now", "5 min ago", "yesterday at 10:42".</summary>
public static class RelativeTime
{
    public static string Format(DateTimeOffset when, DateTimeOffset now, TimeZoneInfo zone)
    {
        var ago = now - when;
        if (Recent(ago) is { } recent)
        {
            return recent;
        }

        var local = TimeZoneInfo.ConvertTime(when, zone);
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        if (local.Date == today)
        {
            return $"{(int)ago.TotalHours} h ago";
        }

        if (local.Date == today.AddDays(-1))
        {
            return "yesterday at " + local.ToString("HH:mm", CultureInfo.InvariantCulture);
        }

        return local.Year == today.Year
            ? "on " + local.ToString("d MMM", CultureInfo.InvariantCulture)
            : "on " + local.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>"just now" or "N min ago" within the hour; null for anything older.</summary>
    private static string? Recent(TimeSpan ago) =>
        ago < TimeSpan.FromMinutes(1) ? "just now"
        : ago < TimeSpan.FromHours(1) ? $"{(int)ago.TotalMinutes} min ago"
        : null;
}

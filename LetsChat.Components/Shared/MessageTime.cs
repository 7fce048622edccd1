using System.Globalization;

namespace LetsChat.Components.Shared;

/// <summary>How a message's time reads: the reader's clock time, with the day when it is not today. Also the tooltip of every time shown.</summary>
public static class MessageTime
{
    /// <summary>"10:42" today, "yesterday at 10:42", "3 Nov 10:42", "3 Nov 2025 10:42": changes only at the reader's midnight.</summary>
    public static string Text(DateTimeOffset when, DateOnly today, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(when, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var clock = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        if (day == today)
        {
            return clock;
        }

        if (day == today.AddDays(-1))
        {
            return "yesterday at " + clock;
        }

        return day.Year == today.Year
            ? local.ToString("d MMM", CultureInfo.InvariantCulture) + " " + clock
            : local.ToString("d MMM yyyy", CultureInfo.InvariantCulture) + " " + clock;
    }

    /// <summary>The full date and time, for the tooltip.</summary>
    public static string Title(DateTimeOffset when, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(when, zone).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The reader's local date now.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
}

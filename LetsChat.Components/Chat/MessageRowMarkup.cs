using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Chat;

/// <summary>
/// A message row as one piece of HTML, built once per message (and per reader's time zone and day) and shared by every
/// circuit that shows it. A circuit's row is then a single markup frame: nothing per row to build, diff or keep beyond
/// a reference, however many people watch the room. Rows the reader can act on (their own, or any for a moderator) are
/// <see cref="MessageRow"/> components instead.
/// </summary>
public sealed class MessageRowMarkup(IMessageHtml html)
{
    // Letters of every script stay as they are (names and times are short, and readable source helps); markup characters do not.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // Keyed by the shared record itself: an edit or a new name is a new record, and a record nobody shows is collected with its rows.
    private readonly ConditionalWeakTable<ChatMessage, RowCache> _rows = [];

    /// <summary>The row as <paramref name="zone"/>'s readers see it on <paramref name="today"/> (their local date).</summary>
    public string Of(ChatMessage message, TimeZoneInfo zone, DateOnly today)
    {
        var cache = _rows.GetValue(message, static _ => new RowCache());
        return cache.Find(zone, today) ?? cache.Add(zone, today, Build(message, zone, today));
    }

    /// <summary>The row's HTML; <see cref="MessageRow"/> renders the same structure with its actions.</summary>
    public string Build(ChatMessage message, TimeZoneInfo zone, DateOnly today)
    {
        var authorId = AuthorElementId(message);
        var row = new StringBuilder(256 + (message.IsDeleted ? 0 : message.Body.Length * 2));
        row.Append("<article class=\"msg").Append(message.IsDeleted ? " deleted" : string.Empty)
           .Append("\" aria-labelledby=\"").Append(authorId).Append("\">");
        if (string.IsNullOrEmpty(message.AuthorAvatarUrl))
        {
            row.Append("<span class=\"avatar avatar-initials msg-avatar\" aria-hidden=\"true\" style=\"background:hsl(")
               .Append(AvatarInitials.Hue(message.AuthorName).ToString(CultureInfo.InvariantCulture)).Append(" 55% 45%)\">")
               .Append(Encoder.Encode(AvatarInitials.From(message.AuthorName))).Append("</span>");
        }
        else
        {
            row.Append("<img class=\"avatar msg-avatar\" src=\"").Append(Encoder.Encode(message.AuthorAvatarUrl))
               .Append("\" alt=\"\" width=\"36\" height=\"36\" loading=\"lazy\" referrerpolicy=\"no-referrer\" />");
        }

        row.Append("<div class=\"msg-main\"><header class=\"msg-meta\"><span class=\"msg-author\" id=\"").Append(authorId).Append("\">")
           .Append(Encoder.Encode(message.AuthorName)).Append("</span>")
           .Append("<time datetime=\"").Append(message.CreatedAt.ToString("O", CultureInfo.InvariantCulture))
           .Append("\" title=\"").Append(Encoder.Encode(MessageTime.Title(message.CreatedAt, zone))).Append("\">")
           .Append(Encoder.Encode(MessageTime.Text(message.CreatedAt, today, zone))).Append("</time>");
        if (message.EditedAt is not null && !message.IsDeleted)
        {
            row.Append("<span class=\"msg-edited\">(edited)</span>");
        }

        row.Append("</header>");
        if (message.IsDeleted)
        {
            row.Append("<p class=\"msg-body msg-removed\">").Append(Removal(message)).Append("</p>");
        }
        else
        {
            row.Append("<div class=\"msg-body\">").Append(html.Of(message)).Append("</div>");
        }

        return row.Append("</div></article>").ToString();
    }

    public static string AuthorElementId(ChatMessage message) => $"msg-{message.Id}-author";

    /// <summary>What a deleted message's row says instead of its text.</summary>
    public static string Removal(ChatMessage message) => message.DeletedByModerator ? "Removed by a moderator" : "Message deleted";

    // Readers of one record are mostly in a handful of zones, all on the same day: a few entries, replaced oldest first.
    private sealed class RowCache
    {
        private const int Capacity = 4;
        private readonly Lock _lock = new();
        private (TimeZoneInfo Zone, DateOnly Today, string Html)[] _entries = [];

        public string? Find(TimeZoneInfo zone, DateOnly today)
        {
            foreach (var entry in Volatile.Read(ref _entries))
            {
                if (entry.Today == today && (ReferenceEquals(entry.Zone, zone) || entry.Zone.Id == zone.Id))
                {
                    return entry.Html;
                }
            }

            return null;
        }

        public string Add(TimeZoneInfo zone, DateOnly today, string html)
        {
            lock (_lock)
            {
                var kept = _entries.Length < Capacity ? _entries : _entries[1..];
                Volatile.Write(ref _entries, [.. kept, (zone, today, html)]);
            }

            return html;
        }
    }
}

/// <summary>How a message's time reads: the reader's clock time, with the day when it is not today.</summary>
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

using System.Globalization;
using System.Text;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Rooms;

/// <summary>
/// One room's link in the room list, as markup. Every open tab shows the list, and as elements and attributes it was
/// about two hundred frames a tab (kept twice, the last render beside the current one); as one markup frame a row, a
/// change to a room re-sends that row's HTML alone. Named by the room's name alone (the picture, the dot and the
/// preview are hidden from it); the preview, unread count and the friend's status are its description.
/// </summary>
public static class RoomLinkHtml
{
    public static string Of(RoomSummary room, bool current, DateTimeOffset now, TimeZoneInfo zone)
    {
        var e = AvatarHtml.Encoder;
        var id = room.Id.ToString(CultureInfo.InvariantCulture);
        var html = new StringBuilder(640);
        html.Append("<a href=\"").Append(room.Kind == RoomKind.Public ? "/chat" : "/chat/" + id).Append("\" class=\"room-link")
            .Append(current ? " active" : null).Append(room.IsReadOnly ? " read-only" : null).Append('"')
            .Append(current ? " aria-current=\"page\"" : null)
            .Append(" aria-describedby=\"room-").Append(id).Append("-info room-").Append(id).Append("-status\">")
            .Append("<span class=\"avatar-with-status\">");
        html.Append(room.Kind switch
        {
            RoomKind.Public => "<span class=\"avatar room-icon\" aria-hidden=\"true\">#</span>",
            RoomKind.Group => $"<span class=\"avatar room-icon group\" aria-hidden=\"true\">{e.Encode(AvatarInitials.From(room.Name))}</span>",
            _ => AvatarHtml.Of(room.Name, room.AvatarUrl, AvatarHtml.DefaultSize),
        });
        if (room.FriendOnline is { } online)
        {
            var status = room.FriendStatus ?? (online ? new PersonStatus(Availability.Online, null) : PersonStatus.Offline);
            html.Append(PresenceDotHtml.Decorative(status.Availability, room.FriendLastSeenAt, now, zone).Value)
                .Append("<span id=\"room-").Append(id).Append("-status\" hidden>").Append(e.Encode(status.Label))
                .Append(status.Custom is { } said ? ", " + e.Encode(said.Label) : null).Append("</span>");
        }

        html.Append("</span><span class=\"room-text\"><span class=\"room-name\">").Append(e.Encode(room.Name));
        if (room.FriendStatus?.Custom is { } custom)
        {
            html.Append("<span class=\"room-custom-status\" aria-hidden=\"true\" title=\"").Append(e.Encode(custom.Label)).Append("\"> ")
                .Append(e.Encode(custom.Emoji ?? "💬")).Append("</span>");
        }

        var unread = room.UnreadCount > 0 && !current;
        var mentioned = room.Mentioned && !current;
        html.Append("</span><span class=\"room-preview\" id=\"room-").Append(id).Append("-info\" aria-hidden=\"true\">")
            .Append(e.Encode(room.Kind == RoomKind.Public ? "Open to everyone" : room.LastMessagePreview ?? "No messages yet"))
            .Append(unread ? string.Create(CultureInfo.InvariantCulture, $" · {room.UnreadCount} unread") : null)
            .Append(mentioned ? " · you were mentioned" : null).Append("</span></span>");
        if (mentioned)
        {
            html.Append("<span class=\"room-mention\" title=\"You were mentioned here\" aria-hidden=\"true\">@</span>");
        }

        if (unread)
        {
            html.Append("<span class=\"unread-badge\" aria-hidden=\"true\">")
                .Append(room.UnreadCount > 99 ? "99+" : room.UnreadCount.ToString(CultureInfo.InvariantCulture)).Append("</span>");
        }

        return html.Append("</a>").ToString();
    }

    /// <summary>
    /// One list's rows as last written: the list re-renders on every message in any of its rooms, and a row whose room,
    /// place, "last seen" minute and time zone are unchanged is the same string, not a new one.
    /// </summary>
    public sealed class Cache
    {
        private readonly Dictionary<long, (RoomSummary Room, bool Current, long Minute, TimeZoneInfo Zone, string Html)> _rows = [];

        public string Of(RoomSummary room, bool current, DateTimeOffset now, TimeZoneInfo zone)
        {
            // Only an offline friend's "last seen …" changes with the clock alone.
            var minute = room.FriendOnline == false ? now.Ticks / TimeSpan.TicksPerMinute : 0;
            if (_rows.TryGetValue(room.Id, out var row) && ReferenceEquals(row.Room, room) && row.Current == current && row.Minute == minute && row.Zone == zone)
            {
                return row.Html;
            }

            if (_rows.Count > 4 * 64)
            {
                _rows.Clear(); // rooms left long ago
            }

            var html = RoomLinkHtml.Of(room, current, now, zone);
            _rows[room.Id] = (room, current, minute, zone, html);
            return html;
        }
    }
}

using System.Globalization;
using LetsChat.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Presence;

/// <summary>
/// A status dot: its class, name and title, and the dot as markup. The lists in every open tab (the room list, the app bar) write it inline rather than as a
/// <see cref="PresenceDot"/> component: a component costs each tab its own render tree, a markup frame does not.
/// </summary>
public static class PresenceDotHtml
{
    public static MarkupString Of(Availability shown, bool decorative, DateTimeOffset? lastSeenAt, DateTimeOffset now, TimeZoneInfo zone)
    {
        var css = Css(shown);
        var title = AvatarHtml.Encoder.Encode(Title(shown, lastSeenAt, now, zone));
        return new(decorative
            ? string.Create(CultureInfo.InvariantCulture, $"<span class=\"presence-dot {css}\" aria-hidden=\"true\" title=\"{title}\"></span>")
            : string.Create(CultureInfo.InvariantCulture, $"<span class=\"presence-dot {css}\" role=\"img\" aria-label=\"{Label(shown)}\" title=\"{title}\"></span>"));
    }

    /// <summary>A dot beside words that already say the status (a menu's choices, a link described elsewhere).</summary>
    public static MarkupString Decorative(Availability shown) => Of(shown, decorative: true, null, default, TimeZoneInfo.Utc);

    public static string Css(Availability shown) => shown switch
    {
        Availability.Online => "online",
        Availability.Away => "away",
        Availability.DoNotDisturb => "dnd",
        _ => "offline",
    };

    public static string Label(Availability shown) => shown == Availability.DoNotDisturb ? "do not disturb" : Css(shown);

    public static string Title(Availability shown, DateTimeOffset? lastSeenAt, DateTimeOffset now, TimeZoneInfo zone) => shown switch
    {
        Availability.Online => "Online",
        Availability.Away => "Away",
        Availability.DoNotDisturb => "Do not disturb",
        _ => lastSeenAt is { } seen ? "Offline, last seen " + RelativeTime.Format(seen, now, zone) : "Offline",
    };
}

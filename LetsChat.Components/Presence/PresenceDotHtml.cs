using System.Globalization;
using LetsChat.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Presence;

/// <summary>
/// A status dot's class, name and title, and a decorative dot as markup. The lists in every open tab (the room list,
/// the app bar) write it inline rather than as a <see cref="PresenceDot"/> component: a component costs each tab its own render tree, a markup frame does not.
/// </summary>
public static class PresenceDotHtml
{
    /// <summary>
    /// A dot beside words that already say the status (a menu's choices, a link described elsewhere): hidden from
    /// assistive technology, with the status (and when offline, "last seen …") in its title.
    /// </summary>
    public static MarkupString Decorative(Availability shown, DateTimeOffset? lastSeenAt, DateTimeOffset now, TimeZoneInfo zone) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"<span class=\"presence-dot {Css(shown)}\" aria-hidden=\"true\" title=\"{AvatarHtml.Encoder.Encode(Title(shown, lastSeenAt, now, zone))}\"></span>"));

    /// <summary>A decorative dot whose title is the status alone (no "last seen").</summary>
    public static MarkupString Decorative(Availability shown) => Decorative(shown, null, default, TimeZoneInfo.Utc);

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

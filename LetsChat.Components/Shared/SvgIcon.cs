using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Shared;

/// <summary>
/// A Material icon (MudBlazor's icon strings) as one inline SVG markup frame, built once per icon and shared by every
/// circuit: the app bar and drawer, which every tab renders, carry no icon components.
/// </summary>
public static class SvgIcon
{
    private static readonly ConcurrentDictionary<string, MarkupString> Icons = new(StringComparer.Ordinal);

    public static MarkupString Of(string icon) => Icons.GetOrAdd(icon, static paths =>
        new($"<svg class=\"svg-icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">{paths}</svg>"));
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace LetsChat.Components.Shared;

/// <summary>
/// A person's avatar as HTML: their picture, or their initials on a colour picked from the name. One builder for the
/// <see cref="Avatar"/> component, the user menu, and message rows (whose HTML is shared by every circuit).
/// </summary>
public static class AvatarHtml
{
    /// <summary>Encodes text for HTML; letters of every script stay as they are, markup characters do not.</summary>
    public static HtmlEncoder Encoder { get; } = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The size the stylesheet gives avatars: at this size the markup leaves it out (message rows are sent to every watcher).</summary>
    public const int DefaultSize = 36;

    public static string Of(string name, string? imageUrl, int size, string? extraClass = null)
    {
        var classes = extraClass is null ? string.Empty : " " + extraClass;
        var sized = size == DefaultSize ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"width:{size}px;height:{size}px;font-size:{size * 0.42:0}px;");
        return string.IsNullOrEmpty(imageUrl)
            ? string.Create(CultureInfo.InvariantCulture,
                $"<span class=\"avatar avatar-initials{classes}\" aria-hidden=\"true\" style=\"{sized}background:hsl({AvatarInitials.Hue(name)} 55% 45%)\">{Encoder.Encode(AvatarInitials.From(name))}</span>")
            : string.Create(CultureInfo.InvariantCulture,
                $"<img class=\"avatar{classes}\" src=\"{Encoder.Encode(imageUrl)}\" alt=\"\" width=\"{size}\" height=\"{size}\" loading=\"lazy\" referrerpolicy=\"no-referrer\" />");
    }
}

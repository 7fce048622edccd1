using System.Text;
using System.Text.Encodings.Web;
using LetsChat.Components.Chat;

namespace LetsChat.Server.Chat;

/// <summary>
/// Mentions in a rendered body: each token the message's mentions name becomes a chip, a link to the person's profile
/// reading <c>@Name</c> (their name now), with <c>data-user</c> so that a reader's own mentions stand out. Tokens are
/// swapped for private-use placeholders before Markdown and for the chips after sanitizing, so no Markdown or sanitizer
/// rule ever sees them; a token no stored mention names stays the text it was.
/// </summary>
internal static class MentionChips
{
    private const char Open = '\uE000';
    private const char Close = '\uE001';
    private static readonly HtmlEncoder Encoder = LetsChat.Components.Shared.AvatarHtml.Encoder;

    /// <summary>What the cached HTML depends on besides the body: the names and handles shown.</summary>
    public static string? Key(ChatMessage message) =>
        message.Mentions is { Count: > 0 } mentions ? string.Join('\n', mentions.Select(m => $"{m.UserId} {m.Handle} {m.Name}")) : null;

    public static string Render(ChatMessage message, Func<string, string> markdown)
    {
        if (!message.Body.Contains("<@", StringComparison.Ordinal))
        {
            return markdown(message.Body);
        }

        var chips = new List<string>();
        var body = MentionText.Tokens().Replace(message.Body.Replace(Open, ' ').Replace(Close, ' '), token =>
        {
            if (Chip(message, token.Groups[1].Value) is not { } chip)
            {
                return token.Value;
            }

            chips.Add(chip);
            return $"{Open}{chips.Count - 1}{Close}";
        });
        var html = markdown(body);
        if (chips.Count == 0)
        {
            return html;
        }

        var result = new StringBuilder(html.Length + (chips.Count * 64));
        for (var i = 0; i < html.Length; i++)
        {
            var end = html[i] == Open ? html.IndexOf(Close, i) : -1;
            if (end > i && int.TryParse(html.AsSpan(i + 1, end - i - 1), out var index) && index < chips.Count)
            {
                result.Append(chips[index]);
                i = end;
            }
            else
            {
                result.Append(html[i]);
            }
        }

        return result.ToString();
    }

    private static string? Chip(ChatMessage message, string value)
    {
        if (value == MentionText.Everyone)
        {
            return "<span class=\"mention\" data-user=\"room\">@room</span>";
        }

        var id = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        if (message.MentionList.FirstOrDefault(m => m.UserId == id) is not { } mention)
        {
            return null;
        }

        var name = Encoder.Encode("@" + mention.Name);
        return mention.Handle is { } handle
            ? $"<a class=\"mention\" href=\"/u/{Uri.EscapeDataString(handle)}\" data-user=\"{id}\">{name}</a>"
            : $"<span class=\"mention\" data-user=\"{id}\">{name}</span>";
    }
}

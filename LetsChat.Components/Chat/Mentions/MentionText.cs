using System.Text.RegularExpressions;

namespace LetsChat.Components.Chat;

/// <summary>
/// How mentions are written in a stored body: <c>&lt;@42&gt;</c> for user 42, <c>&lt;@room&gt;</c> for everyone in the room.
/// Only the server writes them (a token someone types is escaped when sent), and a token shows as a mention only when
/// the message's stored mentions name that user: renames change the name shown, never the person meant.
/// </summary>
public static partial class MentionText
{
    public const string Everyone = "room";
    public const string EveryoneToken = "<@room>";

    public static string Token(long userId) => $"<@{userId}>";

    /// <summary>Mention tokens in a stored body: the user's id, or <see cref="Everyone"/>.</summary>
    [GeneratedRegex(@"<@(\d{1,19}|room)>", RegexOptions.CultureInvariant)]
    public static partial Regex Tokens();

    /// <summary><c>@room</c> as someone types it: not part of a longer word or handle, not an e-mail address.</summary>
    [GeneratedRegex(@"(?<![\w@.\-])@room(?![\w\-]|\.\w)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex TypedEveryone();

    /// <summary>Whether typed text asks to notify everyone in the room.</summary>
    public static bool MentionsEveryone(string text) => TypedEveryone().IsMatch(text);

    /// <summary>The body as plain text: each mention as <c>@Name</c> (for previews, quotes and notifications).</summary>
    public static string Plain(ChatMessage message) => Replace(message, m => "@" + m.Name);

    /// <summary>The body as its author edits it: each mention as the <c>@handle</c> they would type.</summary>
    public static string ForEditing(ChatMessage message) => Replace(message, m => "@" + (m.Handle ?? m.Name));

    /// <summary>Each token the message's mentions name, replaced by what <paramref name="show"/> makes of it; other tokens stay as they are.</summary>
    public static string Replace(ChatMessage message, Func<Mention, string> show)
    {
        if (!message.Body.Contains("<@", StringComparison.Ordinal))
        {
            return message.Body;
        }

        return Tokens().Replace(message.Body, token =>
        {
            var value = token.Groups[1].Value;
            if (value == Everyone)
            {
                return "@" + Everyone;
            }

            var id = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            return message.MentionList.FirstOrDefault(m => m.UserId == id) is { } mention ? show(mention) : token.Value;
        });
    }

    /// <summary>A typed text with every token-shaped piece escaped, so that only the server's mentions are mentions.</summary>
    // "\@" is Markdown's escaped "@": it reads as "<@42>" and is no token.
    public static string EscapeTyped(string text) => text.Replace("<@", "<\\@", StringComparison.Ordinal);
}

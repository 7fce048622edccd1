namespace LetsChat.Components.Chat;

/// <summary>
/// A message body as HTML: Markdown rendered once on the server and passed through an allow-list sanitizer. The only
/// source of HTML that screens may show as markup.
/// </summary>
public interface IMessageHtml
{
    /// <summary>The sanitized HTML of a stored message; rendered once per message (and edit) and shared by every circuit.</summary>
    string Of(ChatMessage message);

    /// <summary>The sanitized HTML of text not stored yet (a message being sent); not cached.</summary>
    string OfDraft(string body);
}

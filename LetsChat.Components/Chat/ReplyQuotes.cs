using System.Runtime.CompilerServices;

namespace LetsChat.Components.Chat;

/// <summary>
/// Replies on screen follow their original: when it is edited or deleted, each reply quoting it gets the new quote. The
/// new record is made once per reply and original, and handed to every circuit and window that asks, so replies stay
/// shared however many people watch the room.
/// </summary>
public static class ReplyQuotes
{
    private static readonly ConditionalWeakTable<ChatMessage, Followed> Made = [];

    /// <summary>What a reply to <paramref name="original"/> becomes now; any other message stays as it is.</summary>
    public static Func<ChatMessage, ChatMessage> Following(ChatMessage original)
    {
        var quote = ReplyQuote.Of(original);
        return message => message.ReplyTo is { } old && old.MessageId == original.Id && old != quote ? Quoting(message, quote) : message;
    }

    private static ChatMessage Quoting(ChatMessage reply, ReplyQuote quote)
    {
        var made = Made.GetValue(reply, static _ => new Followed());
        lock (made)
        {
            if (made.Quote != quote || made.Result is null)
            {
                made.Quote = quote;
                made.Result = reply with { ReplyTo = quote };
            }

            return made.Result;
        }
    }

    private sealed class Followed
    {
        public ReplyQuote? Quote { get; set; }
        public ChatMessage? Result { get; set; }
    }
}

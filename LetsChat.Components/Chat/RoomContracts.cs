namespace LetsChat.Components.Chat;

/// <summary>A page of older messages, oldest first.</summary>
public sealed record OlderMessages(IReadOnlyList<ChatMessage> Messages, bool HasMore, string? Refusal = null)
{
    /// <summary>A page read from the store: there is more before it unless it reaches the room's first message.</summary>
    public static OlderMessages Page(IReadOnlyList<ChatMessage> page) => new(page, page.Count > 0 && page[0].Sequence > 1);
}

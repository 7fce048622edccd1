using LetsChat.Components.Shared;

namespace LetsChat.Components.Chat.MessageLog;

/// <summary>Who reads a message log, and what they may do with its messages.</summary>
/// <param name="CanWrite">False in a read-only chat or under a mute: the reader's own rows offer Delete only.</param>
/// <param name="CanModerate">The reader may remove others' messages here (<see cref="Rooms.RoomInfo.CanModerate"/>): their rows offer "Remove message".</param>
/// <param name="Actions">Carries out what the rows' buttons ask; null where nobody can act (visitors).</param>
public sealed record MessageReader(long? UserId, string Name, string? AvatarUrl, bool CanWrite, bool CanModerate, IMessageActions? Actions)
{
    /// <summary>Someone not signed in: every row is shared HTML.</summary>
    public static readonly MessageReader Visitor = new(null, string.Empty, null, CanWrite: false, CanModerate: false, Actions: null);
}

/// <summary>What a row's buttons do. Each returns why not, or null when it was done.</summary>
public interface IMessageActions
{
    Task<string?> EditAsync(ChatMessage message, string text);

    Task<string?> DeleteAsync(ChatMessage message);

    /// <summary>A moderator (or the group room's owner) removes someone else's message.</summary>
    Task<string?> RemoveAsync(ChatMessage message);

    /// <summary>Gives the reader's emoji to the message, or takes it back.</summary>
    Task<string?> ToggleReactionAsync(ChatMessage message, string emoji);

    /// <summary>The emoji the reader used most recently, for the top of the picker.</summary>
    Task<IReadOnlyList<string>> RecentEmojiAsync();

    /// <summary>The reader starts a reply to the message: the composer shows what it answers.</summary>
    string? Reply(ChatMessage message);
}

/// <summary>
/// Everything a row shows besides its message: the reader, the divider, and the reader's time zone and day. One
/// immutable value handed down to every block; a new one (rare: the day turns, a mute starts) renders every row again.
/// </summary>
public sealed record MessageRowContext(MessageReader Reader, long? DividerBefore, TimeZoneInfo Zone, DateOnly Today, EditRequest? Edit = null)
{
    /// <summary>The reader's own message: they may delete it, and edit it where they can write. Such a row is a component.</summary>
    public bool CanChange(ChatMessage message) => Reader.UserId is { } me && message.AuthorId == me;

    /// <summary>Someone else's message, for a reader who may remove it.</summary>
    public bool CanRemove(ChatMessage message) => Reader.CanModerate && message.AuthorId != Reader.UserId;

    /// <summary>A member, who may react; a visitor sees reactions but no buttons.</summary>
    public bool Interactive => Reader.Actions is not null;

    /// <summary>
    /// Whether the row differs for this reader from the shared HTML: their own message, any for a moderator, or one they
    /// reacted to (their reaction shows pressed). Such a row is a <see cref="MessageRow"/> component.
    /// </summary>
    public bool IsPersonal(ChatMessage message)
    {
        if (CanChange(message) || CanRemove(message))
        {
            return true;
        }

        foreach (var group in message.ReactionGroups)
        {
            if (group.Includes(Reader.UserId))
            {
                return true;
            }
        }

        return false;
    }

    public string TimeText(ChatMessage message) => MessageTime.Text(message.CreatedAt, Today, Zone);

    public string TimeTitle(ChatMessage message) => MessageTime.Title(message.CreatedAt, Zone);
}

/// <summary>The reader asked to edit a message from the keyboard (Up in the empty composer); each request is a new object.</summary>
public sealed record EditRequest(long MessageId)
{
    // Asking twice for the same message is two requests: compared by reference, not by value.
    public bool Equals(EditRequest? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}

using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Chat;

/// <summary>Reactions, for the current circuit's user; every call checks that they may read the room and write in it.</summary>
public interface IReactionService
{
    /// <summary>Gives the user's <paramref name="emoji"/> to a message, or takes it back when they had given it.</summary>
    /// <returns>The message with its reactions as they are now, or why nothing changed.</returns>
    Task<Outcome<ChatMessage>> ToggleAsync(long messageId, string? emoji, CancellationToken cancellationToken = default);

    /// <summary>The emoji the user reacted with most recently, newest first, each once.</summary>
    Task<IReadOnlyList<string>> RecentAsync(CancellationToken cancellationToken = default);
}

/// <summary>One emoji given to a message, and by whom (first first).</summary>
public sealed record ReactionGroup(string Emoji, IReadOnlyList<Reactor> By)
{
    /// <summary>How many different emoji one message may carry.</summary>
    public const int MaxPerMessage = 20;

    public bool Includes(long? userId) => userId is { } id && By.Any(r => r.UserId == id);

    /// <summary>Who reacted, as the chip's tooltip says it.</summary>
    public string Names => string.Join(", ", By.Select(r => r.Name));
}

/// <summary>Someone who reacted, with their name as it was when the message was read.</summary>
public sealed record Reactor(long UserId, string Name);

/// <summary>
/// A stored message as every screen shows it. Immutable and shared: one instance per message is held
/// by the room's window and handed to every circuit, never copied per circuit. <see cref="AuthorHandle"/> links the
/// author to their profile; null for an account that no longer exists.
/// </summary>
public sealed record ChatMessage(
    long Id,
    long RoomId,
    long Sequence,
    long AuthorId,
    string AuthorName,
    string? AuthorAvatarUrl,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt = null,
    bool IsDeleted = false,
    Guid ClientMessageId = default,
    bool DeletedByModerator = false,
    string? AuthorHandle = null,
    long Version = 0,
    IReadOnlyList<ReactionGroup>? Reactions = null,
    ReplyQuote? ReplyTo = null,
    IReadOnlyList<Mention>? Mentions = null,
    IReadOnlyList<ChatAttachment>? Attachments = null)
{
    /// <summary>The files the message carries, in the order they were attached; none once it is deleted.</summary>
    public IReadOnlyList<ChatAttachment> AttachmentList => Attachments ?? [];

    /// <summary>Reactions, at most <see cref="ReactionGroup.MaxPerMessage"/> emoji, in the order they were first given.</summary>
    public IReadOnlyList<ReactionGroup> ReactionGroups => Reactions ?? [];

    /// <summary>What previews show (room list, notifications, page title): plain text on one line, never HTML.</summary>
    public string Preview => IsDeleted ? "Message deleted"
        : Body.Length == 0 && AttachmentList.Count > 0 ? MessagePreview.Files(AttachmentList)
        : MessagePreview.Of(MentionText.Plain(this));

    /// <summary>The people the message mentions, with their current names; <c>@room</c> is not among them.</summary>
    public IReadOnlyList<Mention> MentionList => Mentions ?? [];
}

/// <summary>A file in a message: a picture (shown as its thumbnail, <see cref="Width"/> × <see cref="Height"/>) or a file to download.</summary>
public sealed record ChatAttachment(long Id, string Name, string ContentType, bool IsImage, long Length, int? Width = null, int? Height = null)
{
    /// <summary>Where it downloads from; every request is checked against the room.</summary>
    public string Href => $"/files/{Id}/{Uri.EscapeDataString(Name)}";

    public string ThumbnailHref => $"/files/{Id}/thumbnail";
}

/// <summary>The message a reply answers, as the reply's quote shows it: who wrote it and its first line.</summary>
public sealed record ReplyQuote(long MessageId, long Sequence, long AuthorId, string AuthorName, string FirstLine, bool IsDeleted)
{
    /// <summary>The quote of <paramref name="original"/> as it is now (deleted, edited or not).</summary>
    public static ReplyQuote Of(ChatMessage original) =>
        new(original.Id, original.Sequence, original.AuthorId, original.AuthorName,
            original.IsDeleted ? string.Empty : MessagePreview.FirstLine(MentionText.Plain(original)), original.IsDeleted);

    /// <summary>What the quote says under the author's name.</summary>
    public string Text => IsDeleted ? "Message deleted" : FirstLine;
}

/// <summary>Someone a message mentions, stored by id and shown with their current name; <see cref="Handle"/> is null for a deleted account.</summary>
public sealed record Mention(long UserId, string Name, string? Handle);

/// <summary>Someone the composer offers after <c>@</c>; <see cref="IsEveryone"/> is the room owner's <c>@room</c>.</summary>
public sealed record MentionCandidate(long UserId, string Handle, string DisplayName, string? AvatarUrl, bool IsFriend)
{
    public bool IsEveryone => UserId == 0;
}

/// <summary>Whom the current user may mention in a room; every call checks that they may read it.</summary>
public interface IMentionService
{
    /// <summary>The most this offers at once.</summary>
    public const int MaxSuggestions = 8;

    /// <summary>
    /// People who can read the room whose handle starts with <paramref name="query"/> or whose name contains it: friends
    /// first, then the rest by name (anyone in the public room; the members elsewhere). The owner of a group room is
    /// also offered <c>@room</c>.
    /// </summary>
    Task<IReadOnlyList<MentionCandidate>> SuggestAsync(long roomId, string? query, CancellationToken cancellationToken = default);
}

public static class MessagePreview
{
    public const int MaxLength = 80;

    /// <summary>What a message of files alone says in previews.</summary>
    public static string Files(IReadOnlyList<ChatAttachment> files) =>
        Of("📎 " + files[0].Name + (files.Count > 1 ? $" and {files.Count - 1} more" : string.Empty));

    /// <summary>What a stored message of files alone says where only its body is at hand (the room list).</summary>
    public const string FilesOnly = "📎 Files";

    /// <summary>The first line with text in it, as a preview.</summary>
    public static string FirstLine(string body) =>
        Of(body.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0) ?? string.Empty);

    public static string Of(string body)
    {
        var oneLine = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= MaxLength ? oneLine : oneLine[..(MaxLength - 1)].TrimEnd() + "…";
    }
}

/// <summary>
/// Chat as the current circuit's user may use it. Every call checks who is asking and what they may do;
/// nothing here trusts the screen that calls it.
/// </summary>
public interface IChatService
{
    /// <summary>
    /// Opens a room (the public room when <paramref name="roomId"/> is null): its latest messages, and a live
    /// subscription that hands every later event to <paramref name="onEvents"/>, in order, never skipping one,
    /// off the publisher's thread. Dispose the session to stop.
    /// </summary>
    Task<Outcome<RoomSession>> JoinRoomAsync(long? roomId, Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a message. Sending the same <paramref name="clientMessageId"/> again stores nothing new. Each
    /// <c>@handle</c> of someone who can read the room becomes a mention (and notifies them); <c>@room</c> notifies every
    /// member of a group room and is the owner's alone.
    /// </summary>
    /// <param name="replyToId">The message in the same room this one answers; null when it answers none.</param>
    /// <param name="attachmentIds">Files the user uploaded to this room for it (at most <see cref="MessageRules.MaxFiles"/>); with files the text may be empty.</param>
    Task<Outcome<ChatMessage>> SendAsync(
        long roomId, Guid clientMessageId, string? body, long? replyToId = null, IReadOnlyList<long>? attachmentIds = null, CancellationToken cancellationToken = default);

    /// <summary>Up to a page of the messages before <paramref name="beforeSequence"/>, oldest first.</summary>
    Task<OlderMessages> LoadOlderAsync(long roomId, long beforeSequence, CancellationToken cancellationToken = default);

    /// <summary>Changes the text of one of the user's own messages.</summary>
    Task<Outcome<ChatMessage>> EditAsync(long messageId, string? body, CancellationToken cancellationToken = default);

    /// <summary>Deletes one of the user's own messages; everyone sees that it was deleted.</summary>
    Task<Outcome<ChatMessage>> DeleteAsync(long messageId, CancellationToken cancellationToken = default);

    /// <summary>Records that the user has seen the room up to <paramref name="sequence"/>.</summary>
    Task MarkReadAsync(long roomId, long sequence, CancellationToken cancellationToken = default);

    /// <summary>Tells the room's other readers that the user is typing; calls closer together than a few seconds are dropped.</summary>
    Task TypingAsync(long roomId);
}

/// <summary>An open room: what was there when it opened, where the reader had read to, and the live subscription.</summary>
public sealed class RoomSession(RoomInfo room, IReadOnlyList<ChatMessage> latest, long lastReadSequence, IDisposable subscription) : IDisposable
{
    public RoomInfo Room { get; } = room;
    public IReadOnlyList<ChatMessage> Latest { get; } = latest;

    /// <summary>Where the "new messages" divider goes: after this sequence number.</summary>
    public long LastReadSequence { get; } = lastReadSequence;

    public bool HasOlder => Latest.Count > 0 && Latest[0].Sequence > 1;

    public void Dispose() => subscription.Dispose();
}

/// <summary>
/// The public room, read-only, for visitors who have not signed in (when the site allows it). Nothing here can
/// write, and a reader here counts toward no one's presence.
/// </summary>
public interface IPublicRoomReader
{
    /// <summary>Whether the site shows the public room to visitors at all.</summary>
    bool IsEnabled { get; }

    /// <summary>The public room's latest messages and a live subscription to it; refused when the site does not allow it.</summary>
    Task<Outcome<RoomSession>> OpenAsync(Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken = default);

    /// <summary>The page of messages before <paramref name="beforeSequence"/>, as members get it; limited per client address.</summary>
    Task<OlderMessages> LoadOlderAsync(long beforeSequence, CancellationToken cancellationToken = default);
}

/// <summary>A page of older messages, oldest first.</summary>
public sealed record OlderMessages(IReadOnlyList<ChatMessage> Messages, bool HasMore, string? Refusal = null)
{
    /// <summary>A page read from the store: there is more before it unless it reaches the room's first message.</summary>
    public static OlderMessages Page(IReadOnlyList<ChatMessage> page) => new(page, page.Count > 0 && page[0].Sequence > 1);
}

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

/// <summary>Something that happened in a room, delivered to every circuit that has the room open.</summary>
public abstract record RoomEvent(long RoomId);

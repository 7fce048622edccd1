using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Moderation;

/// <summary>Why someone reports a message or a person.</summary>
public enum ReportReason
{
    Spam = 0,
    Harassment = 1,
    Other = 2,
}

/// <summary>What a blocked word does to a message that contains it.</summary>
public enum BlockedWordAction
{
    /// <summary>The message is refused with a clear notice; the text stays in the composer.</summary>
    Refuse = 0,

    /// <summary>The message waits, unseen, until a moderator (or the room's owner) approves or rejects it.</summary>
    Hold = 1,
}

/// <summary>Reporting, for the user of one circuit. The reporter learns that the report was sent, never what came of it.</summary>
public interface IReports
{
    /// <summary>
    /// Reports a message the reporter can read, not their own. <paramref name="attachMessage"/> shares its text with the
    /// moderators where they could not otherwise read it (a private room, a group room closed to them).
    /// </summary>
    Task<Outcome> ReportMessageAsync(long messageId, ReportReason reason, string? details, bool attachMessage);

    /// <summary>Reports a person (from their profile), not oneself.</summary>
    Task<Outcome> ReportUserAsync(long userId, ReportReason reason, string? details);
}

/// <summary>Which queue to read: the whole site's (moderators) or one group room's (its owner, or moderators it lets in).</summary>
public readonly record struct QueueScope(long? RoomId)
{
    public static QueueScope Site => new(null);

    public static QueueScope Room(long roomId) => new(roomId);
}

/// <summary>One report as the queue lists it.</summary>
public sealed record ReportLine(long ReportId, string ReporterName, string ReporterHandle, ReportReason Reason, string? Details, DateTimeOffset At);

/// <summary>A message of the conversation around a reported one, as the queue shows it (plain text).</summary>
public sealed record ContextLine(long MessageId, string AuthorName, DateTimeOffset At, string Text, bool IsReported, bool IsDeleted);

/// <summary>
/// A reported message with its open reports, newest first. <see cref="Context"/> holds the messages around it where the
/// viewer may read the room; otherwise <see cref="AttachedText"/> is what a reporter attached, or null.
/// </summary>
public sealed record ReportedMessage(
    long MessageId,
    long RoomId,
    RoomKind RoomKind,
    string RoomName,
    long? Sequence,
    long AuthorId,
    string AuthorName,
    string AuthorHandle,
    IReadOnlyList<ContextLine> Context,
    string? AttachedText,
    bool IsRemoved,
    IReadOnlyList<ReportLine> Reports,
    QueueActions Actions)
{
    public DateTimeOffset Newest => Reports.Count == 0 ? default : Reports.Max(r => r.At);
}

/// <summary>A reported person (from their profile), with the open reports about them.</summary>
public sealed record ReportedPerson(long UserId, string DisplayName, string Handle, IReadOnlyList<ReportLine> Reports, QueueActions Actions)
{
    public DateTimeOffset Newest => Reports.Count == 0 ? default : Reports.Max(r => r.At);
}

/// <summary>A message a blocked word held back, waiting for a moderator or the room's owner.</summary>
public sealed record HeldMessageView(long Id, long RoomId, string RoomName, long AuthorId, string AuthorName, string Text, string MatchedWord, DateTimeOffset At);

/// <summary>What the viewer may do with one item of the queue; the server checks each again when it is done.</summary>
public sealed record QueueActions(bool CanRemove, bool CanMute, bool CanBan);

/// <summary>Everything open in one queue, newest first.</summary>
public sealed record ModerationItems(IReadOnlyList<ReportedMessage> Messages, IReadOnlyList<ReportedPerson> People, IReadOnlyList<HeldMessageView> Held)
{
    public static readonly ModerationItems Empty = new([], [], []);

    public int Count => Messages.Count + People.Count + Held.Count;
}

/// <summary>One blocked word or phrase, as moderators edit the list.</summary>
public sealed record BlockedWordView(long Id, string Word, BlockedWordAction Action, string AddedBy, DateTimeOffset At);

/// <summary>A room's moderation settings, as the room's settings show them.</summary>
/// <param name="SlowModeSeconds">One message per this many seconds per person; 0 is off.</param>
/// <param name="ModeratorsAllowed">A group room's owner lets moderators read it when reviewing reports (always true for the public room).</param>
/// <param name="CanChangeModeratorsAllowed">Only a group room's owner may change <paramref name="ModeratorsAllowed"/>.</param>
public sealed record RoomModerationSettings(long RoomId, RoomKind Kind, int SlowModeSeconds, bool ModeratorsAllowed, bool CanChangeModeratorsAllowed);

/// <summary>
/// The moderation queue and its actions, for moderators (site-wide) and for owners (their own group rooms only).
/// Every call checks, in the database, who the caller is and what they may do there now; every action is audited.
/// </summary>
public interface IModeration
{
    /// <summary>The open items of <paramref name="scope"/>; null when the caller may not see it.</summary>
    Task<ModerationItems?> GetAsync(QueueScope scope, CancellationToken cancellationToken = default);

    /// <summary>How many items are open in the site's queue; null for a non-moderator.</summary>
    Task<int?> OpenCountAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes a message (a moderator where they may read it, an owner in their room); its reports are resolved.</summary>
    Task<Outcome> RemoveMessageAsync(long messageId, string? reason);

    /// <summary>Mutes the author of a reported message where it was written (the public room, or that group room).</summary>
    Task<Outcome> MuteAuthorAsync(long messageId, TimeSpan duration, string? reason);

    /// <summary>Mutes a member in a group room (its owner, or a moderator it lets in).</summary>
    Task<Outcome> MuteMemberAsync(long roomId, long userId, TimeSpan duration, string? reason);

    /// <summary>Bans a person from the site (moderators only); <paramref name="duration"/> null is until unbanned.</summary>
    Task<Outcome> BanAsync(long userId, TimeSpan? duration, string? reason);

    /// <summary>Closes the open reports about a message without acting on it.</summary>
    Task<Outcome> DismissMessageAsync(long messageId, string? reason);

    /// <summary>Closes the open reports about a person without acting on them.</summary>
    Task<Outcome> DismissPersonAsync(long userId, string? reason);

    /// <summary>Posts a held message, as its author wrote it.</summary>
    Task<Outcome> ApproveHeldAsync(long heldId);

    /// <summary>Drops a held message; its author is not told which moderator did.</summary>
    Task<Outcome> RejectHeldAsync(long heldId, string? reason);

    /// <summary>A room's slow mode and who may review it; null when the caller may not change them.</summary>
    Task<RoomModerationSettings?> GetRoomSettingsAsync(long roomId, CancellationToken cancellationToken = default);

    /// <summary>Sets a room's slow mode (a moderator where they may act, an owner in their room); 0 turns it off.</summary>
    Task<Outcome> SetSlowModeAsync(long roomId, int seconds);

    /// <summary>A group room's owner lets moderators in to review reports there, or not.</summary>
    Task<Outcome> SetModeratorsAllowedAsync(long roomId, bool allowed);

    /// <summary>The blocked words, for moderators; empty for anyone else.</summary>
    Task<IReadOnlyList<BlockedWordView>> GetBlockedWordsAsync(CancellationToken cancellationToken = default);

    Task<Outcome> AddBlockedWordAsync(string? word, BlockedWordAction action);

    Task<Outcome> RemoveBlockedWordAsync(long id);

    /// <summary>Calls <paramref name="onChange"/> (off this thread) whenever <paramref name="scope"/>'s queue changes, on any instance; null when the caller may not see it.</summary>
    Task<IDisposable?> WatchAsync(QueueScope scope, Func<Task> onChange);
}

/// <summary>Slow-mode choices the settings offer, in seconds; 0 is off.</summary>
public static class SlowMode
{
    public const int Longest = 6 * 60 * 60;

    public static readonly IReadOnlyList<int> Choices = [0, 5, 10, 30, 60, 120, 300, 900, 3600];

    public static string Label(int seconds) => seconds switch
    {
        <= 0 => "Off",
        < 60 => $"{seconds} seconds",
        60 => "1 minute",
        < 3600 => $"{seconds / 60} minutes",
        3600 => "1 hour",
        _ => $"{seconds / 3600} hours",
    };

    /// <summary>What the composer says while slow mode is on.</summary>
    public static string Explain(int seconds) => seconds switch
    {
        60 => "Slow mode: one message a minute per person.",
        3600 => "Slow mode: one message an hour per person.",
        _ => $"Slow mode: one message every {Label(seconds)} per person.",
    };
}

/// <summary>The labels the report dialog and the queue show.</summary>
public static class ReportReasons
{
    public static string Label(ReportReason reason) => reason switch
    {
        ReportReason.Spam => "Spam",
        ReportReason.Harassment => "Harassment",
        _ => "Other",
    };
}

/// <summary>The moderation queue changed (a report came, an item was handled): queues and counts reload, on every instance.</summary>
public sealed record ReportsChanged(long? RoomId) : UserEvent;

/// <summary>What the composer tells a sender whose message a blocked word held back.</summary>
public static class HeldForReview
{
    /// <summary>
    /// <see cref="Chat.IChatService.SendAsync"/> answers a held message with success, this text, and no message: the
    /// composer drops the pending row and shows this instead (sending it again would only hold it again).
    /// </summary>
    public const string Notice = "Your message is waiting for review: it contains a word this site checks first. It will appear once a moderator approves it.";
}

/// <summary>Moderators changed the blocked words: every instance reads the list again before it checks another message.</summary>
public sealed record BlockedWordsChanged : UserEvent;

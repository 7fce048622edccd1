using LetsChat.Components.Moderation;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

public enum ReportState
{
    Open = 0,
    Actioned = 1,
    Dismissed = 2,
}

/// <summary>One person's report of a message (<see cref="MessageId"/> set) or of a person (from their profile).</summary>
public sealed class Report
{
    public long Id { get; set; }
    public long ReporterId { get; set; }
    /// <summary>The reported person: the message's author, or the person reported from their profile.</summary>
    public long TargetUserId { get; set; }
    public long? MessageId { get; set; }
    public long? RoomId { get; set; }
    public ReportReason Reason { get; set; }
    public string? Details { get; set; }
    /// <summary>
    /// The message's text when it was reported, kept as evidence should its author edit or delete it: only where
    /// moderators may read the room anyway, or where the reporter chose to attach it (<see cref="Attached"/>).
    /// </summary>
    public string? MessageText { get; set; }
    /// <summary>The reporter shared the message with moderators who could not otherwise read it (a private chat, a closed group room).</summary>
    public bool Attached { get; set; }
    public ReportState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public long? ResolvedById { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>A word or phrase moderators keep out of the public room and group rooms.</summary>
public sealed class BlockedWord
{
    public long Id { get; set; }
    public required string Word { get; set; }
    /// <summary>Upper-case invariant: the list is unique in it.</summary>
    public required string NormalizedWord { get; set; }
    public BlockedWordAction Action { get; set; }
    public long CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A message a blocked word held back: nobody sees it until a moderator or the room's owner approves it.</summary>
public sealed class HeldMessage
{
    public long Id { get; set; }
    public long RoomId { get; set; }
    public long AuthorId { get; set; }
    public Guid ClientMessageId { get; set; }
    public required string Body { get; set; }
    public long? ReplyToId { get; set; }
    /// <summary>The files sent with it, by id, comma-separated in their order.</summary>
    public string? AttachmentIds { get; set; }
    public required string MatchedWord { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Closing reports, the one way every action does it.</summary>
public static class ReportClosing
{
    /// <summary>Closes the open ones among <paramref name="reports"/> as <paramref name="state"/>; returns how many there were.</summary>
    public static Task<int> CloseAsync(this IQueryable<Report> reports, ReportState state, long actorId, DateTimeOffset at) =>
        reports.Where(r => r.State == ReportState.Open)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.State, state).SetProperty(x => x.ResolvedById, actorId).SetProperty(x => x.ResolvedAt, at));
}

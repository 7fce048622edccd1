using LetsChat.Components.Identity;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>
/// Reporting, for the user of one circuit: a message they can read (not their own), or a person. One open report per
/// reporter and subject, rate limited; the reporter is told it was sent and never what came of it.
/// </summary>
public sealed class Reports(
    CurrentUser currentUser,
    RoomAccess roomAccess,
    MessageStore messages,
    IDbContextFactory<LetsChatDb> dbFactory,
    ReviewNews news,
    UserRateLimits rateLimits,
    TimeProvider time,
    ILogger<Reports> logger) : IReports
{

    public const int MaxDetails = 500;
    public const string Sent = "Report sent. Thank you — the moderators will look at it.";
    public const string AlreadyReported = "You have already reported this. The moderators have it.";
    public const string DetailsNeeded = "Say in Details what is wrong.";
    public const string OwnMessage = "You cannot report your own message.";
    public const string Yourself = "You cannot report yourself.";
    public const string NotSaved = "Your report could not be sent just now. Try again in a moment.";

    public async Task<Outcome> ReportMessageAsync(long messageId, ReportReason reason, string? details, bool attachMessage)
    {
        var (user, refusal) = await StartAsync(reason, details);
        if (user is null)
        {
            return refusal!;
        }

        var cleanDetails = Clean(details);
        try
        {
            var message = await messages.FindAsync(messageId, CancellationToken.None);
            // A message in a room the reporter cannot read does not exist, as far as they are told.
            if (message is null || await roomAccess.FindForUserAsync(user.Id, message.RoomId) is not { } room)
            {
                return Outcome.Refused(ChatService.NoSuchMessage);
            }

            if (message.AuthorId == user.Id)
            {
                return Outcome.Refused(OwnMessage);
            }

            if (message.IsDeleted)
            {
                return Outcome.Refused("This message was already removed.");
            }

            await using var db = await dbFactory.CreateDbContextAsync();
            var stored = await db.Rooms.Where(r => r.Id == room.Id).Select(r => new { r.OwnerId, r.ModeratorsAllowed }).SingleAsync();
            var openToModerators = ModerationPowers.OpenToModerators(room.Kind, stored.ModeratorsAllowed);
            var report = new Report
            {
                ReporterId = user.Id,
                TargetUserId = message.AuthorId,
                MessageId = message.Id,
                RoomId = room.Id,
                Reason = reason,
                Details = cleanDetails,
                // Kept where moderators (or the owner) may read it anyway; elsewhere only when the reporter chose to share it.
                MessageText = openToModerators || attachMessage || room.Kind == RoomKind.Group ? Components.Chat.MentionText.ForEditing(message) : null,
                Attached = attachMessage && !openToModerators,
                CreatedAt = time.GetUtcNow(),
            };
            if (await SaveAsync(db, report) is { } notSaved)
            {
                return notSaved;
            }

            logger.Reported(user.Id, $"message {message.Id}");
            var where = room.Kind switch
            {
                RoomKind.Public => "the public room",
                RoomKind.Group => room.Name,
                _ => "a private chat",
            };
            var ownerId = room.Kind == RoomKind.Group ? stored.OwnerId : null;
            await news.TellAsync(
                new ReviewItem(
                    ReviewNews.MessageKey(message.Id),
                    $"{user.DisplayName} reported a message by {message.AuthorName} in {where}: {ReportReasons.Label(reason)}",
                    user.Id,
                    user.DisplayName,
                    room.Id,
                    room.Kind == RoomKind.Private ? null : message.Sequence,
                    ForModerators: true,
                    ownerId),
                leaveOut: [user.Id, message.AuthorId]);
            return Outcome.Done(Sent);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.ActionFailed(ex, user.Id);
            return Outcome.Refused(NotSaved);
        }
    }

    public async Task<Outcome> ReportUserAsync(long userId, ReportReason reason, string? details)
    {
        var (user, refusal) = await StartAsync(reason, details);
        if (user is null)
        {
            return refusal!;
        }

        if (userId == user.Id)
        {
            return Outcome.Refused(Yourself);
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            if (await db.Users.Where(u => u.Id == userId && u.DeletedAt == null).Select(u => u.DisplayName).SingleOrDefaultAsync() is not { } name)
            {
                return Outcome.Refused("There is no such person.");
            }

            var report = new Report
            {
                ReporterId = user.Id,
                TargetUserId = userId,
                Reason = reason,
                Details = Clean(details),
                CreatedAt = time.GetUtcNow(),
            };
            if (await SaveAsync(db, report) is { } notSaved)
            {
                return notSaved;
            }

            logger.Reported(user.Id, $"user {userId}");
            await news.TellAsync(
                new ReviewItem(ReviewNews.PersonKey(userId), $"{user.DisplayName} reported {name}: {ReportReasons.Label(reason)}", user.Id, user.DisplayName, null, null, ForModerators: true, null),
                leaveOut: [user.Id, userId]);
            return Outcome.Done(Sent);
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            logger.ActionFailed(ex, user.Id);
            return Outcome.Refused(NotSaved);
        }
    }

    /// <summary>The checks every report makes first: signed in, a reason that is one, details where needed.</summary>
    private async Task<(SignedInUser? User, Outcome? Refusal)> StartAsync(ReportReason reason, string? details)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return (null, Outcome.Refused(Refusals.SignInFirst));
        }

        var refusal = !Enum.IsDefined(reason) ? "Choose why you are reporting this."
            : reason == ReportReason.Other && Clean(details) is null ? DetailsNeeded
            : details?.Length > MaxDetails * 2 ? $"Keep the details under {MaxDetails} characters."
            : null;
        return refusal is null ? (user, null) : (null, Outcome.Refused(refusal));
    }

    // The unique indexes keep one open report per reporter and subject, even when two tabs report at once. Only a
    // report that would be stored counts against the reporter's allowance; a refused one costs nothing.
    private async Task<Outcome?> SaveAsync(LetsChatDb db, Report report)
    {
        var duplicate = report.MessageId is { } messageId
            ? db.Reports.AnyAsync(r => r.ReporterId == report.ReporterId && r.MessageId == messageId && r.State == ReportState.Open)
            : db.Reports.AnyAsync(r => r.ReporterId == report.ReporterId && r.TargetUserId == report.TargetUserId && r.MessageId == null && r.State == ReportState.Open);
        if (await duplicate)
        {
            return Outcome.Refused(AlreadyReported);
        }

        if (await rateLimits.TryAsync(UserAction.Report, report.ReporterId) is { IsAllowed: false } limited)
        {
            return Outcome.Refused(limited.Explain("reporting"));
        }

        db.Reports.Add(report);
        try
        {
            await db.SaveChangesAsync();
            return null;
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            return Outcome.Refused(AlreadyReported);
        }
    }

    private static string? Clean(string? details) => PlainText.Line(details, MaxDetails);
}

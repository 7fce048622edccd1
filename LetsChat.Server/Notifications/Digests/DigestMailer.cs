using LetsChat.Components.Notifications;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence.Status;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Notifications.Digests;

/// <summary>
/// Mails people what they left unread: private messages and mentions (never the public room's) quiet and unread for
/// <see cref="DigestOptions.QuietFor"/>, one mail per person per round however many conversations. A notification is
/// refreshed by each new message of its conversation, so a burst is one item, mailed once; a later burst is news
/// again. Rows are claimed by a conditional write before sending, so with several instances each is mailed once; a
/// mail that fails gives its rows back for the next round. Held while the person is in do not disturb.
/// </summary>
internal sealed class DigestMailer(
    IDbContextFactory<LetsChatDb> dbFactory,
    AccountMail mail,
    DigestMail compose,
    IOptions<DigestOptions> options,
    IOptionsMonitor<LetsChatOptions> site,
    TimeProvider time,
    ILogger<DigestMailer> logger) : BackgroundService
{
    private const int MaxPeoplePerRound = 200;

    public bool IsOn => mail.IsConfigured && !string.IsNullOrEmpty(site.CurrentValue.PublicUrl);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!IsOn)
        {
            if (mail.IsConfigured)
            {
                logger.DigestsNeedPublicUrl();
            }

            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A timeout is an OperationCanceledException too: only the app stopping ends the loop.
                logger.DigestRoundFailed(ex);
            }
        }
    }

    /// <summary>One round: returns how many mails went out.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!IsOn)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var quietSince = now - options.Value.QuietFor;
        var publicMentions = NotificationService.MentionKey(Room.PublicRoomId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var holding = db.Users.Where(StatusRules.DoNotDisturbAt(now)).Select(u => u.Id);
        var due = await db.Notifications
            .Where(n => n.ReadAt == null && n.CreatedAt <= quietSince && (n.EmailedAt == null || n.EmailedAt < n.CreatedAt))
            .Where(n => (n.Kind == NotificationKind.Mention && n.SubjectKey != publicMentions)
                || n.Kind == NotificationKind.Report || n.Kind == NotificationKind.RoomReport
                || (n.Kind == NotificationKind.PrivateMessage && db.Rooms.Any(r => r.Kind == RoomKind.Private && n.SubjectKey == "room:" + r.Id.ToString())))
            .Join(
                db.Users.Where(u => u.EmailDigests && u.EmailConfirmed && u.Email != null && !u.IsBanned && u.DeletedAt == null && !holding.Contains(u.Id)),
                n => n.RecipientId,
                u => u.Id,
                (n, u) => new { n.Id, n.RecipientId })
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var person in due.GroupBy(n => n.RecipientId).Take(MaxPeoplePerRound))
        {
            sent += await MailOneAsync(db, person.Key, [.. person.Select(n => n.Id)], now, cancellationToken) ? 1 : 0;
        }

        return sent;
    }

    private async Task<bool> MailOneAsync(LetsChatDb db, long recipientId, List<long> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The claim: only rows still unmailed since their last refresh, so another instance's claim wins, not doubles.
        var claimed = await db.Notifications
            .Where(n => ids.Contains(n.Id) && (n.EmailedAt == null || n.EmailedAt < n.CreatedAt))
            .ExecuteUpdateAsync(n => n.SetProperty(x => x.EmailedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var sent = false;
        try
        {
            var items = await db.Notifications.AsNoTracking().Where(n => ids.Contains(n.Id) && n.EmailedAt == now).OrderByDescending(n => n.CreatedAt).ToListAsync(cancellationToken);
            var person = await db.Users.AsNoTracking().Where(u => u.Id == recipientId).Select(u => new { u.Email, u.DisplayName }).SingleAsync(cancellationToken);
            await mail.DeliverAsync(compose.For(recipientId, person.Email!, person.DisplayName, [.. items.Select(NotificationService.ToView)]), cancellationToken);
            sent = true;
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A refusal, an unreachable server or a send that timed out: the rows are given back below, tried next round.
            logger.DigestFailed(ex, recipientId);
            return false;
        }
        finally
        {
            if (!sent)
            {
                await GiveBackAsync(db, ids, now, recipientId);
            }
        }
    }

    /// <summary>Unclaims rows whose mail did not go (failed, or the app stopped mid-send), so nothing is lost.</summary>
    private async Task GiveBackAsync(LetsChatDb db, List<long> ids, DateTimeOffset claimedAt, long recipientId)
    {
        try
        {
            await db.Notifications.Where(n => ids.Contains(n.Id) && n.EmailedAt == claimedAt)
                .ExecuteUpdateAsync(n => n.SetProperty(x => x.EmailedAt, (DateTimeOffset?)null), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.DigestNotGivenBack(ex, recipientId);
        }
    }
}

internal static partial class DigestLog
{
    [LoggerMessage(LogLevel.Warning, "Smtp:Host is set but LetsChat:PublicUrl is not: e-mail digests are off, as their links would have no address")]
    public static partial void DigestsNeedPublicUrl(this ILogger logger);

    [LoggerMessage(LogLevel.Warning, "A round of e-mail digests failed; the next round tries again")]
    public static partial void DigestRoundFailed(this ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "The e-mail digest for user {UserId} could not be sent; it goes out in a later round")]
    public static partial void DigestFailed(this ILogger logger, Exception exception, long userId);

    [LoggerMessage(LogLevel.Error, "The e-mail digest for user {UserId} was not sent and its notifications could not be given back; they will not be mailed")]
    public static partial void DigestNotGivenBack(this ILogger logger, Exception exception, long userId);
}

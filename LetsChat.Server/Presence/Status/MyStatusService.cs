using System.Globalization;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Presence.Status;

/// <summary>The circuit's user's own status: chosen, custom, and kept active by their input. Scoped to the circuit.</summary>
internal sealed class MyStatusService(
    CurrentUser currentUser,
    IDbContextFactory<LetsChatDb> dbFactory,
    StatusBook book,
    StatusAnnouncer announcer,
    IActivityDirectory activity,
    UserRateLimits rateLimits,
    TimeProvider time,
    ILogger<MyStatusService> logger) : IMyStatus
{
    /// <summary>How often one tab's input is passed on: being active is news only once a while.</summary>
    internal static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(30);

    /// <summary>The furthest ahead a status may be set to end.</summary>
    internal static readonly TimeSpan LongestUntil = TimeSpan.FromDays(366);

    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    public async Task<MyStatus?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = await db.Users.Where(u => u.Id == me.Id).Select(u => new { u.StatusChoice, u.StatusUntil }).SingleOrDefaultAsync(cancellationToken);
        if (mine is null || !(await book.OfAsync([me.Id], cancellationToken: cancellationToken)).TryGetValue(me.Id, out var shown))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var choice = mine.StatusUntil <= now ? StatusChoice.Automatic : mine.StatusChoice;
        return new MyStatus(choice, choice == StatusChoice.Automatic ? null : mine.StatusUntil, shown.Custom, shown.Availability);
    }

    public Task<Outcome> ChooseAsync(StatusChoice choice, DateTimeOffset? until = null) => ChangeAsync(async (db, me, now) =>
    {
        if (!Enum.IsDefined(choice))
        {
            return Outcome.Refused("Choose online, away or do not disturb.");
        }

        if (choice != StatusChoice.DoNotDisturb)
        {
            until = null;
        }
        else if (CheckUntil(until, now) is { } problem)
        {
            return Outcome.Refused(problem);
        }

        await db.Users.Where(u => u.Id == me).ExecuteUpdateAsync(u => u.SetProperty(x => x.StatusChoice, choice).SetProperty(x => x.StatusUntil, until));
        if (choice == StatusChoice.Automatic)
        {
            // Choosing to be online is input too.
            await activity.MarkActiveAsync(me, now);
        }

        return Outcome.Done(choice switch
        {
            StatusChoice.Away => "You show as away.",
            StatusChoice.DoNotDisturb => until is null ? "Do not disturb is on until you turn it off." : "Do not disturb is on.",
            _ => "You show as online.",
        });
    });

    public Task<Outcome> SetCustomAsync(string? emoji, string? text, DateTimeOffset? until) => ChangeAsync(async (db, me, now) =>
    {
        var line = PlainText.Line(text, CustomStatus.MaxLength + 1);
        if (line is null)
        {
            await db.Users.Where(u => u.Id == me).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.CustomStatusText, (string?)null).SetProperty(x => x.CustomStatusEmoji, (string?)null).SetProperty(x => x.CustomStatusUntil, (DateTimeOffset?)null));
            return Outcome.Done("Your custom status is cleared.");
        }

        if (line.Length > CustomStatus.MaxLength)
        {
            return Outcome.Refused($"A custom status can be at most {CustomStatus.MaxLength} characters.");
        }

        var symbol = PlainText.Line(emoji, 33);
        if (symbol is not null && (symbol.Length > 32 || new StringInfo(symbol).LengthInTextElements > 1 || symbol.Any(char.IsLetterOrDigit)))
        {
            return Outcome.Refused("Choose one emoji for your status.");
        }

        if (until is not null && CheckUntil(until, now) is { } problem)
        {
            return Outcome.Refused(problem);
        }

        await db.Users.Where(u => u.Id == me).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.CustomStatusText, line).SetProperty(x => x.CustomStatusEmoji, symbol).SetProperty(x => x.CustomStatusUntil, until));
        return Outcome.Done("Your friends see your custom status.");
    });

    public async Task ReportActivityAsync()
    {
        var now = time.GetUtcNow();
        if (now - _lastReport < ReportEvery || await currentUser.GetAsync() is not { } me)
        {
            return;
        }

        _lastReport = now;
        try
        {
            if (await activity.MarkActiveAsync(me.Id, now))
            {
                await announcer.AnnounceAsync(me.Id);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next report tries again; until then friends may see them as away.
            logger.ActivityFailed(ex, me.Id);
        }
    }

    private static string? CheckUntil(DateTimeOffset? until, DateTimeOffset now) => until switch
    {
        null => null,
        { } end when end <= now => "Choose a time in the future.",
        { } end when end - now > LongestUntil => "Choose a time within a year.",
        _ => null,
    };

    // Every change: the caller, the rate limit, the write, then friends and the user's other tabs hear the result.
    private Task<Outcome> ChangeAsync(Func<LetsChatDb, long, DateTimeOffset, Task<Outcome>> change) => DatabaseOutage.RefusedAsync(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        if (await rateLimits.TryAsync(UserAction.StatusChange, me.Id) is { IsAllowed: false } limited)
        {
            return Outcome.Refused(limited.Explain("changing your status"));
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var outcome = await change(db, me.Id, time.GetUtcNow());
        if (outcome.Succeeded)
        {
            await announcer.AnnounceAsync(me.Id);
        }

        return outcome;
    }, Outcome.Refused, logger);
}

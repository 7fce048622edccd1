using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Notifications.Digests;

/// <summary>Turns the current user's digests on or off; their own only, checked on every call.</summary>
internal sealed class EmailDigestSettings(CurrentUser currentUser, IDbContextFactory<LetsChatDb> dbFactory, DigestMailer mailer, IOptions<DigestOptions> options, ILogger<EmailDigestSettings> logger)
    : IEmailDigestSettings
{
    public async Task<EmailDigestSetting?> GetAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = await db.Users.Where(u => u.Id == me.Id).Select(u => new { u.EmailDigests, Confirmed = u.EmailConfirmed && u.Email != null }).SingleOrDefaultAsync(cancellationToken);
        return mine is null ? null : new EmailDigestSetting(mine.EmailDigests, mine.Confirmed, mailer.IsOn, options.Value.QuietFor);
    }

    public Task<Outcome> SetAsync(bool on) => DatabaseOutage.RefusedAsync(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Users.Where(u => u.Id == me.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailDigests, on));
        return Outcome.Done(on ? "You will get e-mails about messages you leave unread." : "No more e-mails about unread messages.");
    }, Outcome.Refused, logger);
}

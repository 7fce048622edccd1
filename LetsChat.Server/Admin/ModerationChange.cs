using System.Data.Common;
using LetsChat.Components.Admin;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Admin;

/// <summary>
/// How every moderation action runs, from /admin's tables and from the report queue alike: in its own database session,
/// a database hiccup kept from the page as a refusal, and every admin page told afterwards (the change wrote an audit line,
/// and may have muted or banned someone). The caller has checked who may act.
/// </summary>
internal static class ModerationChange
{
    public const string NotSaved = "That could not be saved just now. Try again in a moment.";

    public static async Task<Outcome> RunAsync(IDbContextFactory<LetsChatDb> dbFactory, IEventBus bus, ILogger logger, long actorId, Func<LetsChatDb, Task<Outcome>> change)
    {
        Outcome result;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            result = await change(db);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException or TimeoutException or InvalidOperationException { InnerException: DbException })
        {
            logger.ModerationFailed(ex, actorId);
            return Outcome.Refused(NotSaved);
        }

        if (result.Succeeded)
        {
            try
            {
                await bus.PublishAsync<UserEvent>(AdminTopics.Moderation, new ModerationChanged(actorId));
            }
            catch (Exception ex)
            {
                // The change is saved; admin pages show it on their next load.
                logger.AdminPagesNotTold(ex, actorId);
            }
        }

        return result;
    }
}

using LetsChat.Components.Admin;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Admin;

/// <summary>Asks the database, as the admin page's policy does; a user whose session has ended is no moderator.</summary>
internal sealed class ModeratorStatus(CurrentUser currentUser, IDbContextFactory<LetsChatDb> dbFactory) : IModeratorStatus
{
    public async Task<bool> IsModeratorAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Moderation.ModerationPowers.IsModeratorAsync(db, me.Id, cancellationToken);
    }
}

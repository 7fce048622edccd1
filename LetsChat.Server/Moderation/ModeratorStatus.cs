using LetsChat.Components.Admin;
using LetsChat.Components.Identity;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>
/// Whether the circuit's user is a moderator now, asked of the database as the admin page's policy does; a user whose
/// session has ended is no moderator. The one check the admin and moderation services and the drawer's link share.
/// </summary>
internal sealed class ModeratorStatus(CurrentUser currentUser, IDbContextFactory<LetsChatDb> dbFactory) : IModeratorStatus
{
    public async Task<bool> IsModeratorAsync(CancellationToken cancellationToken = default) => await ModeratorAsync(cancellationToken) is not null;

    /// <summary>The signed-in user when they are a moderator now; null otherwise.</summary>
    public async Task<SignedInUser?> ModeratorAsync(CancellationToken cancellationToken)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ModerationPowers.IsModeratorAsync(db, me.Id, cancellationToken) ? me : null;
    }
}

using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Admin;

/// <summary>The caller must be a moderator now, as the database says; the role claim in a cookie may be weeks old.</summary>
internal sealed class ModeratorRequirement : IAuthorizationRequirement;

internal sealed class ModeratorAuthorization(IDbContextFactory<LetsChatDb> dbFactory) : AuthorizationHandler<ModeratorRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ModeratorRequirement requirement)
    {
        if (LetsChatClaims.ToSignedInUser(context.User) is not { } user)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        if (await Moderation.ModerationPowers.IsModeratorAsync(db, user.Id, CancellationToken.None))
        {
            context.Succeed(requirement);
        }
    }
}

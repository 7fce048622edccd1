using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Chat;

/// <summary>
/// Whom the composer offers after <c>@</c>: people who can read the room, friends first. Scoped: it answers for the
/// circuit's user, and only about rooms they may read.
/// </summary>
public sealed class MentionSuggestions(CurrentUser currentUser, RoomAccess roomAccess, IDbContextFactory<LetsChatDb> dbFactory) : IMentionService
{
    public async Task<IReadOnlyList<MentionCandidate>> SuggestAsync(long roomId, string? query, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user || await roomAccess.FindForUserAsync(user.Id, roomId, cancellationToken) is not { } room)
        {
            return [];
        }

        var typed = (query ?? string.Empty).Trim().TrimStart('@');
        var upper = typed[..Math.Min(typed.Length, 40)].ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var people = db.Users.Where(u => u.Id != user.Id && u.DeletedAt == null && !u.IsBanned
            && (upper.Length == 0 || u.NormalizedHandle.StartsWith(upper) || u.SearchName.Contains(upper)));
        if (room.Kind != RoomKind.Public)
        {
            people = people.Where(u => db.RoomMembers.Any(m => m.RoomId == room.Id && m.UserId == u.Id));
        }

        var friends = db.Friendships.Where(f => f.UserAId == user.Id || f.UserBId == user.Id).Select(f => f.UserAId == user.Id ? f.UserBId : f.UserAId);
        var found = await people
            .Select(u => new { u.Id, u.Handle, u.DisplayName, u.SearchName, u.AvatarHash, u.ProviderAvatarUrl, IsFriend = friends.Contains(u.Id) })
            .OrderByDescending(u => u.IsFriend)
            .ThenBy(u => u.SearchName)
            .Take(IMentionService.MaxSuggestions)
            .ToListAsync(cancellationToken);
        var candidates = found
            .Select(u => new MentionCandidate(u.Id, u.Handle, u.DisplayName, LetsChatClaims.AvatarUrl(u.AvatarHash, u.ProviderAvatarUrl), u.IsFriend))
            .ToList();
        if (room.IsOwner && MentionText.Everyone.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
        {
            candidates.Insert(0, new MentionCandidate(0, MentionText.Everyone, "Everyone in this room", null, false));
        }

        return candidates;
    }
}

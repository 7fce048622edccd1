using LetsChat.Components.Identity;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Profiles;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Security;
using LetsChat.Server.Events;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Profiles;

/// <summary>
/// Profiles for the user of one circuit: who may see what (the e-mail only when its owner shows it, the friend list
/// only to the person and their friends), and the owner's changes, checked here on every call.
/// </summary>
internal sealed class ProfileService(
    CurrentUser currentUser,
    UserSessions sessions,
    IDbContextFactory<LetsChatDb> dbFactory,
    IEventBus bus,
    IOptions<FriendOptions> friendOptions,
    UserRateLimits rateLimits,
    TimeProvider time,
    ILogger<ProfileService> logger) : IProfileService
{
    public const string BadHandle = "A handle is 3 to 32 letters, digits, '_', '-' or '.'.";
    public const string BadDisplayName = "Your display name needs at least one visible character.";

    private AvatarImages.Result? _prepared;

    private DateTimeOffset DeclinesHoldSince => friendOptions.Value.DeclinesHoldSince(time);

    public async Task<ProfileView?> GetAsync(string handle, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me || !Handles.IsValid(handle))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindVisibleAsync(db, me.Id, handle, cancellationToken) is not { } person)
        {
            return null;
        }

        var isMe = person.Id == me.Id;
        var friendCount = await db.Friendships.CountAsync(f => f.UserAId == person.Id || f.UserBId == person.Id, cancellationToken);
        var (relationship, requestId) = isMe ? default : (await FriendService.RelationshipsAsync(db, me.Id, [person.Id], DeclinesHoldSince, cancellationToken)).GetValueOrDefault(person.Id);
        long? privateRoomId = null;
        if (relationship == Relationship.Friend)
        {
            var (a, b) = Friendship.Order(me.Id, person.Id);
            privateRoomId = await db.Friendships.Where(f => f.UserAId == a && f.UserBId == b).Select(f => (long?)f.RoomId).SingleOrDefaultAsync(cancellationToken);
        }

        return new ProfileView(
            person.Id,
            person.DisplayName,
            person.Handle,
            LetsChatClaims.AvatarUrl(person),
            person.CreatedAt,
            friendCount,
            isMe || !person.HideEmail ? person.Email : null,
            isMe,
            relationship,
            requestId,
            privateRoomId,
            isMe || relationship == Relationship.Friend);
    }

    public async Task<PeoplePage?> GetFriendsAsync(string handle, int page = 0, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me || !Handles.IsValid(handle) || page < 0)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindVisibleAsync(db, me.Id, handle, cancellationToken) is not { } person)
        {
            return null;
        }

        var (a, b) = Friendship.Order(me.Id, person.Id);
        if (person.Id != me.Id && !await db.Friendships.AnyAsync(f => f.UserAId == a && f.UserBId == b, cancellationToken))
        {
            return null;
        }

        var friendIds = db.Friendships
            .Where(f => f.UserAId == person.Id || f.UserBId == person.Id)
            .Select(f => f.UserAId == person.Id ? f.UserBId : f.UserAId);
        var found = await db.Users
            .Where(u => friendIds.Contains(u.Id) && !u.IsBanned)
            .OrderBy(u => u.SearchName).ThenBy(u => u.Id)
            .Skip(page * IFriendService.PageSize).Take(IFriendService.PageSize + 1)
            .ToListAsync(cancellationToken);
        var shown = found.Take(IFriendService.PageSize).ToList();
        var relationships = await FriendService.RelationshipsAsync(db, me.Id, shown.Select(u => u.Id).ToList(), DeclinesHoldSince, cancellationToken);
        var people = shown.Select(u =>
        {
            var (relationship, requestId) = relationships.GetValueOrDefault(u.Id);
            return new PersonCard(u.Id, u.DisplayName, u.Handle, LetsChatClaims.AvatarUrl(u), relationship, requestId);
        }).ToList();
        return new PeoplePage(people, found.Count > IFriendService.PageSize);
    }

    public async Task<MyProfile?> GetMineAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == me.Id, cancellationToken);
        return user is null
            ? null
            : new MyProfile(user.DisplayName, user.Handle, user.Email, user.HideEmail, LetsChatClaims.AvatarUrl(user), user.AvatarHash is not null, user.ProviderAvatarUrl);
    }

    public async Task<AvatarPreview> PrepareAvatarAsync(Stream upload, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } uploader)
        {
            return new AvatarPreview(null, Refusals.SignInFirst);
        }

        if (await rateLimits.TryAsync(UserAction.AvatarUpload, uploader.Id) is { IsAllowed: false } limited)
        {
            return new AvatarPreview(null, limited.Explain("uploading pictures"));
        }

        var result = await AvatarImages.ReadAsync(upload, cancellationToken);
        if (result.Webp is not { } webp)
        {
            return new AvatarPreview(null, result.Refusal);
        }

        _prepared = result;
        return new AvatarPreview("data:image/webp;base64," + Convert.ToBase64String(webp), null);
    }

    public Task<Outcome> UpdateAsync(ProfileUpdate update, CancellationToken cancellationToken = default) =>
        DatabaseOutage.RefusedAsync(() => UpdateCoreAsync(update, cancellationToken), Outcome.Refused, logger);

    private async Task<Outcome> UpdateCoreAsync(ProfileUpdate update, CancellationToken cancellationToken)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        // Each change reaches the public room and every friend's screens.
        if (await rateLimits.TryAsync(UserAction.ProfileChange, me.Id) is { IsAllowed: false } limited)
        {
            return Outcome.Refused(limited.Explain("changing your profile"));
        }

        if (DisplayNames.Clean(update.DisplayName) is not { } displayName)
        {
            return Outcome.Refused(BadDisplayName);
        }

        var handle = update.Handle?.Trim().TrimStart('@') ?? string.Empty;
        if (!Handles.IsValid(handle))
        {
            return Outcome.Refused(BadHandle);
        }

        var prepared = _prepared;
        if (update.Avatar == AvatarChange.UsePrepared && prepared is not { Webp: not null, Hash: not null })
        {
            return Outcome.Refused("Choose a picture first.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == me.Id, cancellationToken);
        if (user is null)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        var normalized = Handles.Normalize(handle);
        if (normalized != user.NormalizedHandle && await db.Users.AnyAsync(u => u.NormalizedHandle == normalized && u.Id != me.Id, cancellationToken))
        {
            return Outcome.Refused(HandleTaken(handle));
        }

        var before = (user.DisplayName, user.Handle, Avatar: LetsChatClaims.AvatarUrl(user));
        var oldHash = user.AvatarHash;
        user.DisplayName = displayName;
        user.SearchName = DisplayNames.SearchKey(displayName);
        user.Handle = handle;
        user.NormalizedHandle = normalized;
        user.HideEmail = update.HideEmail;
        switch (update.Avatar)
        {
            case AvatarChange.UsePrepared:
                if (!await db.Avatars.AnyAsync(a => a.Hash == prepared!.Hash, cancellationToken))
                {
                    db.Avatars.Add(new StoredAvatar { Hash = prepared!.Hash!, Content = prepared.Webp!, CreatedAt = time.GetUtcNow() });
                }

                user.AvatarHash = prepared!.Hash;
                break;
            case AvatarChange.Remove:
                user.AvatarHash = null;
                break;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // Someone took the handle (or stored the same picture) at the same moment; nothing was saved.
            return Outcome.Refused(update.Avatar == AvatarChange.UsePrepared
                ? "Your profile could not be saved just now. Try again."
                : HandleTaken(handle));
        }

        if (update.Avatar == AvatarChange.UsePrepared)
        {
            _prepared = null;
        }

        if (oldHash is not null && oldHash != user.AvatarHash)
        {
            // Content-addressed: the old picture goes once nobody uses it.
            await db.Avatars.Where(a => a.Hash == oldHash && !db.Users.Any(u => u.AvatarHash == oldHash)).ExecuteDeleteAsync(cancellationToken);
        }

        var after = (user.DisplayName, user.Handle, Avatar: LetsChatClaims.AvatarUrl(user));
        if (after != before)
        {
            await TellAsync(db, user, cancellationToken);
        }

        return Outcome.Done("Profile saved.");
    }

    private static string HandleTaken(string handle) => IdentityRefusals.HandleTaken(handle);

    // Banned people, and people who blocked the viewer, are not found, exactly like an unknown handle.
    /// <summary>Whether <paramref name="viewer"/> is shown the profile at <paramref name="handle"/> (or its friend list) at all.</summary>
    internal static async Task<bool> IsShownAsync(LetsChatDb db, long viewer, string handle, bool friendList, CancellationToken cancellationToken)
    {
        if (!Handles.IsValid(handle) || await FindVisibleAsync(db, viewer, handle, cancellationToken) is not { } person)
        {
            return false;
        }

        var (a, b) = Friendship.Order(viewer, person.Id);
        return !friendList || person.Id == viewer || await db.Friendships.AnyAsync(f => f.UserAId == a && f.UserBId == b, cancellationToken);
    }

    private static Task<Identity.User?> FindVisibleAsync(LetsChatDb db, long me, string handle, CancellationToken cancellationToken)
    {
        var normalized = Handles.Normalize(handle);
        return db.Users.AsNoTracking()
            .Where(u => u.NormalizedHandle == normalized
                && (u.Id == me || (!u.IsBanned && !db.Blocks.Any(b => b.BlockerId == u.Id && b.BlockedId == me))))
            .SingleOrDefaultAsync(cancellationToken);
    }

    // Open friend lists and room lists of the person and of their friends reload, so the new name and picture show.
    private async Task TellAsync(LetsChatDb db, Identity.User user, CancellationToken cancellationToken)
    {
        var friends = await db.Friendships
            .Where(f => f.UserAId == user.Id || f.UserBId == user.Id)
            .Select(f => f.UserAId == user.Id ? f.UserBId : f.UserAId)
            .ToListAsync(cancellationToken);
        sessions.Refresh(user.Id);
        var changed = new ProfileChanged(user.Id, user.DisplayName, user.Handle, LetsChatClaims.AvatarUrl(user));
        foreach (var userId in friends.Prepend(user.Id))
        {
            await bus.PublishAsync<UserEvent>(EventTopics.User(userId), changed);
            await bus.PublishAsync<UserEvent>(EventTopics.User(userId), new FriendsChanged());
        }

        // Their messages on every open screen, in every room they can have written in, show the new name and picture.
        var roomIds = await db.RoomMembers.Where(m => m.UserId == user.Id).Select(m => m.RoomId).ToListAsync(cancellationToken);
        foreach (var roomId in roomIds.Append(Rooms.Room.PublicRoomId).Distinct())
        {
            await bus.PublishAsync<RoomEvent>(EventTopics.Room(roomId), new AuthorChanged(roomId, user.Id, changed.DisplayName, changed.AvatarUrl, changed.Handle));
        }
    }
}

using System.Runtime.CompilerServices;
using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications;
using LetsChat.Server.Presence;
using LetsChat.Server.Profiles;
using LetsChat.Server.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Rooms;

/// <summary>
/// Group rooms for the current user: every call checks again that the room is a group room, that the caller is a
/// member, and for the owner's actions that they own it. A forged id gets the same answer as a room that does not exist.
/// </summary>
internal sealed partial class RoomService(
    CurrentUser currentUser,
    IDbContextFactory<LetsChatDb> dbFactory,
    IEventBus bus,
    NotificationService notifications,
    IPresenceDirectory presence,
    IOptions<RoomOptions> options,
    UserRateLimits rateLimits,
    TimeProvider time,
    ILogger<RoomService> logger) : IRoomService
{
    public const int MaxNameLength = 60;
    public const int MaxDescriptionLength = 500;

    public Task<Outcome<long?>> CreateAsync(string? name, string? description) => DatabaseOutage.RefusedAsync(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused<long?>(Refusals.SignInFirst);
        }

        if (CheckName(name, description, out var cleanName, out var cleanDescription) is { } problem)
        {
            return Outcome.Refused<long?>(problem);
        }

        if (await rateLimits.TryAsync(UserAction.RoomCreate, me.Id) is { IsAllowed: false } limited)
        {
            return Outcome.Refused<long?>(limited.Explain("creating rooms"));
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        if (await RoomLimits.CheckCreateAsync(db, options.Value, me.Id) is { } tooMany)
        {
            return Outcome.Refused<long?>(tooMany);
        }

        var now = time.GetUtcNow();
        var room = new Room { Kind = RoomKind.Group, Name = cleanName, Description = cleanDescription, OwnerId = me.Id, CreatedAt = now, LastActivityAt = now };
        db.Rooms.Add(room);
        await db.SaveChangesAsync();
        db.RoomMembers.Add(new RoomMember { RoomId = room.Id, UserId = me.Id, JoinedAt = now });
        await db.SaveChangesAsync();
        await TellUserAsync(me.Id, new RoomsChanged());
        return Outcome.Done<long?>($"{cleanName} is ready. Add your friends to it.", room.Id);
    }, Outcome.Refused<long?>, logger);

    public async Task<RoomMembers?> GetMembersAsync(long roomId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await GroupRoomOfMemberAsync(db, roomId, me.Id, cancellationToken) is not { } room)
        {
            return null;
        }

        var members = await db.RoomMembers.Where(m => m.RoomId == roomId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.Handle, u.AvatarHash, u.ProviderAvatarUrl })
            .ToListAsync(cancellationToken);
        // Only friends ever learn someone's status: other members show without one.
        var mayKnow = (await db.Friendships
            .Where(f => f.UserAId == me.Id || f.UserBId == me.Id)
            .Select(f => f.UserAId == me.Id ? f.UserBId : f.UserAId)
            .ToListAsync(cancellationToken)).Append(me.Id).ToHashSet();
        var online = await presence.OnlineAmongAsync([.. members.Select(m => m.Id).Where(mayKnow.Contains)], cancellationToken);
        var views = members
            .Select(m => new RoomMemberView(m.Id, m.DisplayName, m.Handle, AvatarUrl(m.AvatarHash, m.ProviderAvatarUrl), m.Id == room.OwnerId,
                mayKnow.Contains(m.Id) ? online.Contains(m.Id) : null))
            .OrderByDescending(m => m.IsOwner).ThenByDescending(m => m.IsOnline).ThenBy(m => m.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return new RoomMembers(room.Id, room.Name, room.Description, room.OwnerId == me.Id, views);
    }

    public async Task<IReadOnlyList<RoomMemberView>> FindFriendsToAddAsync(long roomId, string? query, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await GroupRoomOfMemberAsync(db, roomId, me.Id, cancellationToken) is not { } room || room.OwnerId != me.Id)
        {
            return [];
        }

        var key = PlainText.Clean(query, keepLineBreaks: false).Trim().TrimStart('@').ToUpperInvariant();
        var friends = await db.Friendships
            .Where(f => f.UserAId == me.Id || f.UserBId == me.Id)
            .Select(f => f.UserAId == me.Id ? f.UserBId : f.UserAId)
            .Where(id => !db.RoomMembers.Any(m => m.RoomId == roomId && m.UserId == id))
            .Join(db.Users, id => id, u => u.Id, (id, u) => u)
            .Where(u => !u.IsBanned && (key == string.Empty || u.SearchName.Contains(key) || u.NormalizedHandle.Contains(key)))
            .OrderBy(u => u.SearchName)
            .Take(20)
            .Select(u => new { u.Id, u.DisplayName, u.Handle, u.AvatarHash, u.ProviderAvatarUrl })
            .ToListAsync(cancellationToken);
        return friends.Select(f => new RoomMemberView(f.Id, f.DisplayName, f.Handle, AvatarUrl(f.AvatarHash, f.ProviderAvatarUrl), false, false)).ToList();
    }

    public async Task<Outcome> RenameAsync(long roomId, string? name, string? description)
    {
        if (CheckName(name, description, out var cleanName, out var cleanDescription) is { } problem)
        {
            return Outcome.Refused(problem);
        }

        return await AsOwnerAsync(roomId, async (db, room, _) =>
        {
            room.Name = cleanName;
            room.Description = cleanDescription;
            await db.SaveChangesAsync();
            await TellRoomAsync(new RoomMembersChanged(roomId));
            foreach (var memberId in await db.RoomMembers.Where(m => m.RoomId == roomId).Select(m => m.UserId).ToListAsync())
            {
                await TellUserAsync(memberId, new RoomsChanged());
            }

            return Outcome.Done("Room renamed.");
        });
    }

    public Task<Outcome> TransferOwnershipAsync(long roomId, long userId) =>
        AsOwnerAsync(roomId, async (db, room, _) =>
        {
            var name = await db.RoomMembers.Where(m => m.RoomId == roomId && m.UserId == userId && m.UserId != room.OwnerId)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.DisplayName).SingleOrDefaultAsync();
            if (name is null)
            {
                return Outcome.Refused("Only another member of the room can become its owner.");
            }

            room.OwnerId = userId;
            await db.SaveChangesAsync();
            await TellRoomAsync(new RoomMembersChanged(roomId));
            return Outcome.Done($"{name} now owns {room.Name}.");
        });

    public Task<Outcome> DeleteAsync(long roomId) => AsOwnerAsync(roomId, (db, room, _) => DeleteCoreAsync(db, room));

    private Task<Outcome> AsOwnerAsync(long roomId, Func<LetsChatDb, Room, LetsChat.Components.Identity.SignedInUser, Task<Outcome>> action, [CallerMemberName] string caller = "") => Guarded(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        if (await GroupRoomOfMemberAsync(db, roomId, me.Id, default, tracked: true) is not { } room)
        {
            return Outcome.Refused(RoomRefusals.NotAMember);
        }

        return room.OwnerId != me.Id ? Outcome.Refused(RoomRefusals.OwnerOnly) : await action(db, room, me);
    }, caller);

    // A database outage answers as a refusal the screen shows; the tab lives on.
    private Task<Outcome> Guarded(Func<Task<Outcome>> change, [CallerMemberName] string action = "") =>
        DatabaseOutage.RefusedAsync(change, Outcome.Refused, logger, action);

    private async Task<Outcome> DeleteCoreAsync(LetsChatDb db, Room room)
    {
        var members = await db.RoomMembers.Where(m => m.RoomId == room.Id).Select(m => m.UserId).ToListAsync();
        await db.Rooms.Where(r => r.Id == room.Id).ExecuteDeleteAsync();
        foreach (var memberId in members)
        {
            await LoseRoomAsync(room.Id, memberId, $"{room.Name} was deleted.");
        }

        return Outcome.Done($"{room.Name} was deleted.");
    }

    // Every open screen of that person loses the room at once, and their room list drops it.
    private async Task LoseRoomAsync(long roomId, long userId, string reason)
    {
        await TellRoomAsync(new MemberRemoved(roomId, userId, reason));
        await TellUserAsync(userId, new RoomsChanged());
    }

    private static Task<Room?> GroupRoomOfMemberAsync(LetsChatDb db, long roomId, long userId, CancellationToken cancellationToken, bool tracked = false)
    {
        var rooms = tracked ? db.Rooms : db.Rooms.AsNoTracking();
        return rooms.SingleOrDefaultAsync(r => r.Id == roomId && r.Kind == RoomKind.Group
            && db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == userId), cancellationToken);
    }

    private static string? CheckName(string? name, string? description, out string cleanName, out string? cleanDescription)
    {
        cleanName = DisplayNames.Clean(name, MaxNameLength) ?? string.Empty;
        var described = PlainText.Clean(description).Trim();
        cleanDescription = described.Length == 0 ? null : described;
        if (cleanName.Length == 0)
        {
            return "Give the room a name.";
        }

        if ((name?.Trim().Length ?? 0) > MaxNameLength)
        {
            return $"Room names can be at most {MaxNameLength} characters.";
        }

        return cleanDescription?.Length > MaxDescriptionLength ? $"Descriptions can be at most {MaxDescriptionLength} characters." : null;
    }

    private static string? AvatarUrl(string? hash, string? providerUrl) => LetsChatClaims.AvatarUrl(hash, providerUrl);

    private ValueTask TellRoomAsync(RoomEvent roomEvent) => bus.PublishAsync(EventTopics.Room(roomEvent.RoomId), roomEvent);

    private ValueTask TellUserAsync(long userId, UserEvent userEvent) => bus.PublishAsync(EventTopics.User(userId), userEvent);
}

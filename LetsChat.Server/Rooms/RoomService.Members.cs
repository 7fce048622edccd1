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

/// <summary>Adding, removing and losing members.</summary>
internal sealed partial class RoomService
{
    /// <summary>Why someone cannot join a room because of a block, without saying whose.</summary>
    public static string CannotAdd(string name) => $"{name} cannot be added to this room.";

    public Task<Outcome> AddMemberAsync(long roomId, long userId) =>
        AsOwnerAsync(roomId, async (db, room, me) =>
        {
            if (await rateLimits.TryAsync(UserAction.RoomMemberChange, me.Id) is { IsAllowed: false } limited)
            {
                return Outcome.Refused(limited.Explain("changing members"));
            }

            var (a, b) = Friends.Friendship.Order(me.Id, userId);
            var friend = await db.Friendships.AnyAsync(f => f.UserAId == a && f.UserBId == b)
                ? await db.Users.Where(u => u.Id == userId && !u.IsBanned).Select(u => u.DisplayName).SingleOrDefaultAsync()
                : null;
            if (friend is null)
            {
                return Outcome.Refused("You can add only your friends.");
            }

            if (await db.RoomMembers.AnyAsync(m => m.RoomId == roomId && m.UserId == userId))
            {
                return Outcome.Refused($"{friend} is already a member.");
            }

            // Nobody is put in a room with someone who blocked them or whom they blocked; which of them it is stays untold.
            var members = db.RoomMembers.Where(m => m.RoomId == roomId).Select(m => m.UserId);
            if (await db.Blocks.AnyAsync(x => (x.BlockerId == userId && members.Contains(x.BlockedId)) || (x.BlockedId == userId && members.Contains(x.BlockerId))))
            {
                return Outcome.Refused(CannotAdd(friend));
            }

            if (await RoomLimits.CheckAddAsync(db, options.Value, roomId, userId, friend) is { } full)
            {
                return Outcome.Refused(full);
            }

            db.RoomMembers.Add(new RoomMember { RoomId = roomId, UserId = userId, JoinedAt = time.GetUtcNow(), LastReadSequence = room.LastSequence });
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
            {
                return Outcome.Refused($"{friend} is already a member.");
            }

            await notifications.NotifyAsync(userId, NotificationKind.AddedToRoom,
                new NotificationPayload(me.Id, me.DisplayName, me.AvatarUrl, roomId, room.Name), NotificationService.RoomOpenedKey(roomId));
            await TellUserAsync(userId, new RoomsChanged());
            await TellRoomAsync(new RoomMembersChanged(roomId));
            return Outcome.Done($"{friend} was added to {room.Name}.");
        });

    public Task<Outcome> RemoveMemberAsync(long roomId, long userId) =>
        AsOwnerAsync(roomId, async (db, room, me) =>
        {
            if (await rateLimits.TryAsync(UserAction.RoomMemberChange, me.Id) is { IsAllowed: false } limited)
            {
                return Outcome.Refused(limited.Explain("changing members"));
            }

            if (userId == me.Id)
            {
                return Outcome.Refused("You own this room: hand it to another member, or delete it.");
            }

            var removed = await db.RoomMembers.Where(m => m.RoomId == roomId && m.UserId == userId).ExecuteDeleteAsync();
            if (removed == 0)
            {
                return Outcome.Refused("This person is not a member.");
            }

            await LoseRoomAsync(roomId, userId, $"You were removed from {room.Name}.");
            await TellRoomAsync(new RoomMembersChanged(roomId));
            return Outcome.Done("Member removed.");
        });

    public Task<Outcome> LeaveAsync(long roomId) => Guarded(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var kind = await db.Rooms.Where(r => r.Id == roomId).Select(r => (RoomKind?)r.Kind).SingleOrDefaultAsync();
        if (kind == RoomKind.Public)
        {
            return Outcome.Refused("Everyone belongs to the public room; it cannot be left.");
        }

        if (await GroupRoomOfMemberAsync(db, roomId, me.Id, default) is not { } room)
        {
            return Outcome.Refused(RoomRefusals.NotAMember);
        }

        if (room.OwnerId == me.Id)
        {
            if (await db.RoomMembers.AnyAsync(m => m.RoomId == roomId && m.UserId != me.Id))
            {
                return Outcome.Refused("You own this room: hand it to another member before you leave.");
            }

            return await DeleteCoreAsync(db, room);
        }

        await db.RoomMembers.Where(m => m.RoomId == roomId && m.UserId == me.Id).ExecuteDeleteAsync();
        await LoseRoomAsync(roomId, me.Id, $"You left {room.Name}.");
        await TellRoomAsync(new RoomMembersChanged(roomId));
        return Outcome.Done($"You left {room.Name}.");
    });
}

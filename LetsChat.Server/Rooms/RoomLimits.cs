using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Rooms;

/// <summary>The caps of <see cref="RoomOptions"/>, checked where rooms are made and members added.</summary>
internal static class RoomLimits
{
    public static string TooManyRooms(int max) => $"You are in as many group rooms as anyone may be ({max}). Leave one first.";

    public static string RoomFull(int max) => $"This room is full: a room may have at most {max} members.";

    public static string OtherInTooManyRooms(string name, int max) => $"{name} is in as many group rooms as anyone may be ({max}).";

    public static async Task<string?> CheckCreateAsync(LetsChatDb db, RoomOptions options, long userId) =>
        await GroupRoomsOfAsync(db, userId) >= options.MaxRoomsPerUser ? TooManyRooms(options.MaxRoomsPerUser) : null;

    public static async Task<string?> CheckAddAsync(LetsChatDb db, RoomOptions options, long roomId, long userId, string name)
    {
        if (await db.RoomMembers.CountAsync(m => m.RoomId == roomId) >= options.MaxMembers)
        {
            return RoomFull(options.MaxMembers);
        }

        return await GroupRoomsOfAsync(db, userId) >= options.MaxRoomsPerUser ? OtherInTooManyRooms(name, options.MaxRoomsPerUser) : null;
    }

    private static Task<int> GroupRoomsOfAsync(LetsChatDb db, long userId) =>
        db.RoomMembers.CountAsync(m => m.UserId == userId && db.Rooms.Any(r => r.Id == m.RoomId && r.Kind == RoomKind.Group));
}

using LetsChat.Components.Rooms;

namespace LetsChat.Components.Chat;

/// <summary>Who may notify a whole room with <c>@room</c>. The server enforces it on every send; the composer checks it too, so a refused text stays in the box.</summary>
public static class MentionRules
{
    public const string EveryoneInPublicRoom = "Nobody can mention everyone in the public room.";
    public const string EveryoneOwnerOnly = "Only the room's owner can notify everyone with @room.";

    /// <summary>Why <paramref name="text"/> may not be sent in <paramref name="room"/>, or null when it may.</summary>
    public static string? CheckEveryone(string text, RoomInfo room) =>
        !MentionText.MentionsEveryone(text) ? null : room.Kind switch
        {
            RoomKind.Public => EveryoneInPublicRoom,
            RoomKind.Group when !room.IsOwner => EveryoneOwnerOnly,
            _ => null, // in a chat between two, "@room" is just text
        };
}

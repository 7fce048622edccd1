using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;

namespace LetsChat.Components.Moderation;

/// <summary>What a report is about: one message (in a room of some kind), or a person.</summary>
/// <param name="Title">How the dialog names it: "Ada's message", or "Ada".</param>
public sealed record ReportTarget(long? MessageId, long? UserId, string Title, RoomKind? RoomKind)
{
    public static ReportTarget Message(ChatMessage message, RoomKind kind) => new(message.Id, null, $"{message.AuthorName}'s message", kind);

    public static ReportTarget Person(long userId, string displayName) => new(null, userId, displayName, null);

    /// <summary>Moderators cannot read a private room (nor a group room that keeps them out): the reporter may share this one message.</summary>
    public bool CanAttach => MessageId is not null && RoomKind is Rooms.RoomKind.Private or Rooms.RoomKind.Group;
}

namespace LetsChat.Components.Notifications;

/// <summary>
/// What a room may notify its member of. Private rooms start at <see cref="AllMessages"/>, the public room and group
/// rooms at <see cref="MentionsOnly"/>.
/// </summary>
public enum NotificationLevel
{
    AllMessages = 0,
    /// <summary>Only messages that mention the member (or the whole room): a muted room.</summary>
    MentionsOnly = 1,
    /// <summary>No notification at all from the room, mentions included; its unread count still shows in the room list.</summary>
    Nothing = 2,
}

using LetsChat.Components.Shared;

namespace LetsChat.Components.Admin;

/// <summary>A moderator changed something: admin pages refresh their tables. Travels on the moderation topic only.</summary>
public sealed record ModerationChanged(long ModeratorId) : UserEvent;

/// <summary>A user was banned: every instance closes that user's circuits. Travels on the moderation topic only.</summary>
public sealed record UserBanned(long UserId, string? Reason) : UserEvent;

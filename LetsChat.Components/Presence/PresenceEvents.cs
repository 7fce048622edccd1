using LetsChat.Components.Shared;

namespace LetsChat.Components.Presence;

/// <summary>A user came online or went offline. Sent only to that user's friends.</summary>
public sealed record PresenceChanged(long UserId, bool IsOnline, DateTimeOffset? LastSeenAt) : UserEvent;

/// <summary>
/// Every circuit of a user is to close (they signed out everywhere, were banned, deleted the account), or only those of
/// the named sign-in sessions, on whichever instance it lives.
/// </summary>
public sealed record CircuitsClosed(long UserId, string Reason, string[]? SessionIds = null) : UserEvent;

/// <summary>
/// A user's status or custom status changed (or they came online with one). Sent to their friends and to the user's
/// own tabs, which learn from it that do-not-disturb began or ended.
/// </summary>
public sealed record StatusChanged(long UserId, PersonStatus Status) : UserEvent;

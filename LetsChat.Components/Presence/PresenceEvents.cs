using LetsChat.Components.Shared;

namespace LetsChat.Components.Presence;

/// <summary>A user came online or went offline. Sent only to that user's friends.</summary>
public sealed record PresenceChanged(long UserId, bool IsOnline, DateTimeOffset? LastSeenAt) : UserEvent;

/// <summary>
/// Every circuit of a user is to close (they signed out everywhere, were banned, deleted the account), or only those of
/// the named sign-in sessions, on whichever instance it lives.
/// </summary>
public sealed record CircuitsClosed(long UserId, string Reason, string[]? SessionIds = null) : UserEvent;

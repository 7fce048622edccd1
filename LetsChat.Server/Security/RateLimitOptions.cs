namespace LetsChat.Server.Security;

/// <summary>Per-user limits, in <c>LetsChat:RateLimits</c>. A limited user is told when they can go on; nothing is lost.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "LetsChat:RateLimits";

    /// <summary>Messages a user may send at once before the steady rate applies.</summary>
    public int MessageBurst { get; set; } = 10;

    /// <summary>Messages per second once the burst is spent.</summary>
    public int MessagesPerSecond { get; set; } = 5;

    public int FriendRequestsPerHour { get; set; } = 20;

    /// <summary>People searches a user may run at once, refilled at the same number per 10 seconds.</summary>
    public int SearchBurst { get; set; } = 30;

    /// <summary>Message searches a user may run at once, refilled at the same number per 10 seconds (a search runs as they type).</summary>
    public int MessageSearchBurst { get; set; } = 20;

    /// <summary>Edits of one's messages per minute (each re-renders the message on every screen showing it).</summary>
    public int EditsPerMinute { get; set; } = 30;

    public int DeletesPerMinute { get; set; } = 30;

    /// <summary>Name and handle changes per hour: each one reaches the public room and every friend.</summary>
    public int ProfileChangesPerHour { get; set; } = 20;

    public int AvatarUploadsPerHour { get; set; } = 20;

    public int RoomsCreatedPerHour { get; set; } = 10;

    /// <summary>Members added to or removed from one's rooms per minute.</summary>
    public int MemberChangesPerMinute { get; set; } = 30;

    /// <summary>Reactions given or taken back per minute (each re-renders the message on every screen showing it).</summary>
    public int ReactionBurst { get; set; } = 60;

    /// <summary>Status and custom status changes per minute (each one reaches every friend).</summary>
    public int StatusChangesPerMinute { get; set; } = 20;

    /// <summary>Reports of messages and people per hour (each one reaches every moderator).</summary>
    public int ReportsPerHour { get; set; } = 20;

    /// <summary>Older pages of the public room that visitors from one client address may load per minute.</summary>
    public int VisitorPagesBurst { get; set; } = 30;

    /// <summary>Sign-in requests (form posts, provider redirects and callbacks) per client address per minute.</summary>
    public int SignInsPerMinutePerAddress { get; set; } = 30;
}

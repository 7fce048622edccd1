namespace LetsChat.Server.Friends;

/// <summary>Rules of friend requests (section <see cref="Section"/>).</summary>
public sealed class FriendOptions
{
    public const string Section = "LetsChat:Friends";

    /// <summary>
    /// How long a decline holds: requests the sender sends again meanwhile look sent to them and never reach the person
    /// who declined. The sender is never told of the decline.
    /// </summary>
    public TimeSpan DeclineHold { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Declines made after this still hold.</summary>
    public DateTimeOffset DeclinesHoldSince(TimeProvider time) => time.GetUtcNow() - DeclineHold;
}

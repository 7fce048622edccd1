using System.Linq.Expressions;

namespace LetsChat.Server.Friends;

public enum FriendRequestState
{
    Pending = 0,
    Accepted = 1,
    /// <summary>Declined by the receiver. The sender is not told: to them it looks sent until the decline's hold ends.</summary>
    Declined = 2,
    Cancelled = 3,
    /// <summary>Sent again while a decline holds: it looks sent to its sender and never reaches the receiver.</summary>
    Held = 4,
    /// <summary>A declined request its sender cancelled: gone for both, while the decline still holds.</summary>
    CancelledAfterDecline = 5,
}

public sealed class FriendRequest
{
    /// <summary>
    /// The requests their sender still sees as sent: pending ones, and declined or held ones while the decline holds
    /// (the sender is never told of a decline). The one rule for the sender's side of every list and check.
    /// </summary>
    public static Expression<Func<FriendRequest, bool>> LooksSentToSender(DateTimeOffset declinesHoldSince) =>
        r => r.State == FriendRequestState.Pending
            || (r.State == FriendRequestState.Declined && r.RespondedAt > declinesHoldSince)
            || (r.State == FriendRequestState.Held && r.CreatedAt > declinesHoldSince);

    public long Id { get; set; }
    public long SenderId { get; set; }
    public long ReceiverId { get; set; }
    public FriendRequestState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
}

/// <summary>Two friends, stored once with the smaller id first, and the private room they share.</summary>
public sealed class Friendship
{
    public long UserAId { get; set; }
    public long UserBId { get; set; }
    public long RoomId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The two ids in the order a friendship stores them.</summary>
    public static (long A, long B) Order(long one, long other) => one < other ? (one, other) : (other, one);
}

public sealed class Block
{
    public long BlockerId { get; set; }
    public long BlockedId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

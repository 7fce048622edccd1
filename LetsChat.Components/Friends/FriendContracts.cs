using LetsChat.Components.Shared;

namespace LetsChat.Components.Friends;

/// <summary>How the current user stands with another person; decides which actions a screen offers.</summary>
public enum Relationship
{
    None = 0,
    Friend = 1,
    RequestSent = 2,
    RequestReceived = 3,
    Blocked = 4,
}

/// <summary>A person as search results, request lists and profiles show them.</summary>
public sealed record PersonCard(long UserId, string DisplayName, string Handle, string? AvatarUrl, Relationship Relationship, long? PendingRequestId = null);

/// <summary>A page of people found; <see cref="Notice"/> says why there are none when the search was refused.</summary>
public sealed record PeoplePage(IReadOnlyList<PersonCard> People, bool HasMore, string? Notice = null);

public sealed record FriendRequestView(long RequestId, PersonCard Person, DateTimeOffset CreatedAt);

public sealed record FriendRequests(IReadOnlyList<FriendRequestView> Incoming, IReadOnlyList<FriendRequestView> Outgoing);

/// <summary>Friend requests and friendships for the current user. Every rule is checked here, on every call.</summary>
public interface IFriendService
{
    public const int PageSize = 20;

    /// <summary>People whose display name or handle contains <paramref name="query"/>, ignoring case.</summary>
    Task<PeoplePage> SearchAsync(string? query, int page = 0, CancellationToken cancellationToken = default);

    Task<FriendRequests> GetRequestsAsync(CancellationToken cancellationToken = default);

    Task<Outcome> SendRequestAsync(long userId);

    Task<Outcome> AcceptAsync(long requestId);

    Task<Outcome> DeclineAsync(long requestId);

    Task<Outcome> CancelAsync(long requestId);

    Task<Outcome> UnfriendAsync(long userId);

    Task<Outcome> BlockAsync(long userId);

    Task<Outcome> UnblockAsync(long userId);
}

using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;

namespace LetsChat.Components.Chat.Search;

/// <summary>
/// Finds messages, people and rooms for the current circuit's user. Every call checks, inside the query itself, that
/// each message found is in a room the user may read now; a search is rate limited per user.
/// </summary>
public interface IMessageSearch
{
    /// <param name="page">0 for the first <see cref="SearchResults.PageSize"/> results, 1 for the next, and so on.</param>
    Task<Outcome<SearchResults>> SearchAsync(SearchQuery query, SearchOrder order, int page = 0, CancellationToken cancellationToken = default);
}

public enum SearchOrder
{
    Newest,
    BestMatch,
}

/// <summary>One page of what a search found.</summary>
/// <param name="People">People whose name or handle is like the query's words (first page only).</param>
/// <param name="Rooms">Rooms the user may read whose name is like the query's words (first page only).</param>
/// <param name="Notices">What the query asked for that could not be done (a handle nobody has, a room the user has not).</param>
public sealed record SearchResults(
    IReadOnlyList<SearchHit> Hits,
    bool HasMore,
    IReadOnlyList<PersonMatch> People,
    IReadOnlyList<RoomMatch> Rooms,
    IReadOnlyList<string> Notices)
{
    public const int PageSize = 20;

    /// <summary>How deep paging goes: enough for anyone reading, bounded for the database.</summary>
    public const int MaxPages = 10;

    public static readonly SearchResults None = new([], false, [], [], []);
}

/// <summary>A message found, as the results list shows it.</summary>
/// <param name="RoomName">As the reader calls the room: a private room by the friend's name.</param>
/// <param name="Snippet">The text around the matching words, matches marked; plain text, never HTML.</param>
public sealed record SearchHit(
    long MessageId,
    long RoomId,
    RoomKind RoomKind,
    string RoomName,
    long Sequence,
    string AuthorName,
    string? AuthorHandle,
    string? AuthorAvatarUrl,
    DateTimeOffset CreatedAt,
    IReadOnlyList<SnippetPart> Snippet,
    int FileCount)
{
    /// <summary>Opens the room at this message.</summary>
    public string Href => $"/chat/{RoomId}/m/{Sequence}";
}

/// <summary>A piece of a snippet: text, and whether it is one of the words searched for.</summary>
public readonly record struct SnippetPart(string Text, bool IsMatch);

public sealed record PersonMatch(long UserId, string DisplayName, string Handle, string? AvatarUrl)
{
    public string Href => $"/u/{Uri.EscapeDataString(Handle)}";
}

public sealed record RoomMatch(long RoomId, RoomKind Kind, string Name)
{
    public string Href => Kind == RoomKind.Public ? "/chat" : $"/chat/{RoomId}";
}

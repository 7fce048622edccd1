using LetsChat.Components.Chat.Search;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Server.Security;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Search;

/// <summary>
/// Message search for the user of one circuit. Which messages they may find is part of the one SQL query that finds
/// them: rooms they may read now (the public room, and rooms they are a member of, read-only private rooms after an
/// unfriend included), never a deleted or removed message, nothing at all for a banned account. The database's own
/// index matches the text (<see cref="ISearchIndex"/>); filters, order and paging are the same LINQ on both.
/// </summary>
internal sealed partial class MessageSearch(
    CurrentUser currentUser,
    IDbContextFactory<LetsChatDb> dbFactory,
    ISearchIndex index,
    UserRateLimits rateLimits,
    ReaderTimeZone readerZone,
    ILogger<MessageSearch> logger) : IMessageSearch
{
    public const string SignInFirst = "Sign in to search messages.";

    public async Task<Outcome<SearchResults>> SearchAsync(SearchQuery query, SearchOrder order, int page = 0, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return Outcome.Refused<SearchResults>(SignInFirst);
        }

        if (query.IsEmpty || page is < 0 or >= SearchResults.MaxPages)
        {
            return Outcome.Done(SearchResults.None with { Notices = query.Problems });
        }

        if (await rateLimits.TryAsync(UserAction.MessageSearch, user.Id) is { IsAllowed: false } limited)
        {
            return Outcome.Refused<SearchResults>(limited.Explain("searching"));
        }

        var started = TimeProvider.System.GetTimestamp();
        var notices = new List<string>(query.Problems);
        var terms = SearchTerms.From(query);
        if (!terms.HasText && !query.HasFilters)
        {
            // Only punctuation: no word any message could be found by.
            return Outcome.Done(SearchResults.None with { Notices = notices });
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, user.Id, query, notices, cancellationToken);
        var hits = scope is null ? [] : await FindAsync(db, user.Id, query, terms, scope, order, page, cancellationToken);
        var shown = hits.Take(SearchResults.PageSize).ToList();
        var results = new SearchResults(
            await DescribeAsync(db, user.Id, terms, shown, cancellationToken),
            hits.Count > SearchResults.PageSize,
            page == 0 ? await PeopleAsync(db, user.Id, query, cancellationToken) : [],
            page == 0 ? await RoomsAsync(db, user.Id, query, cancellationToken) : [],
            notices);
        Log.Searched(logger, user.Id, shown.Count, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        return Outcome.Done(results);
    }

    /// <summary>A message found, before it is described for the screen.</summary>
    private sealed record Found(long Id, long RoomId, long Sequence, long AuthorId, DateTimeOffset CreatedAt, string Body, double Rank);

    /// <summary>Whom and where the filters narrow the search to; null when they name someone or somewhere that cannot match.</summary>
    private sealed record Scope(long? AuthorId, IReadOnlyList<long>? RoomIds);

    private static async Task<Scope?> ScopeAsync(LetsChatDb db, long userId, SearchQuery query, List<string> notices, CancellationToken cancellationToken)
    {
        long? authorId = null;
        if (query.FromHandle is { } handle)
        {
            var normalized = Profiles.Handles.Normalize(handle);
            authorId = await db.Users.Where(u => u.NormalizedHandle == normalized && u.DeletedAt == null).Select(u => (long?)u.Id).FirstOrDefaultAsync(cancellationToken);
            if (authorId is null)
            {
                notices.Add($"Nobody has the handle @{handle}.");
                return null;
            }
        }

        List<long>? roomIds = null;
        if (query.InRoom is { } roomName)
        {
            roomIds = RoomsCalled(await ReadableRoomsAsync(db, userId, null, cancellationToken), roomName);
            if (roomIds.Count == 0)
            {
                notices.Add($"You have no room called “{roomName}”.");
                return null;
            }
        }

        return new Scope(authorId, roomIds);
    }

    private async Task<List<Found>> FindAsync(LetsChatDb db, long userId, SearchQuery query, SearchTerms terms, Scope scope, SearchOrder order, int page, CancellationToken cancellationToken)
    {
        var readable = RoomAccess.ReadableBy(db, userId).Select(r => r.Id);
        // The rooms named (in:) or else every room the reader may read, fetched first so that the index can skip the rest;
        // `readable` below still decides, in the same query as the match.
        var searchedRooms = scope.RoomIds ?? (terms.HasText ? await readable.ToListAsync(cancellationToken) : []);
        var candidates = terms.HasText
            ? index.Matching(db, terms, searchedRooms).Join(db.Messages, t => t.Id, m => m.Id, (t, m) => new { Message = m, t.Rank })
            : db.Messages.Select(m => new { Message = m, Rank = 0.0 });
        candidates = candidates.Where(c => c.Message.DeletedAt == null
            && readable.Contains(c.Message.RoomId)
            && db.Users.Any(u => u.Id == userId && !u.IsBanned));
        if (scope.AuthorId is { } authorId)
        {
            candidates = candidates.Where(c => c.Message.AuthorId == authorId);
        }

        if (scope.RoomIds is { } roomIds)
        {
            candidates = candidates.Where(c => roomIds.Contains(c.Message.RoomId));
        }

        if (query.HasFile)
        {
            candidates = candidates.Where(c => db.Attachments.Any(a => a.MessageId == c.Message.Id));
        }

        if (query.HasLink)
        {
            candidates = candidates.Where(c => c.Message.Body.Contains("http://") || c.Message.Body.Contains("https://") || c.Message.Body.Contains("www."));
        }

        if (!terms.HasText && terms.Excluded.Count > 0)
        {
            var excluded = index.HavingAny(db, terms.Excluded);
            candidates = candidates.Where(c => !excluded.Any(e => e.Id == c.Message.Id));
        }

        // Dates are the reader's: after:2026-12-01 starts when their 2 December starts, before:2026-12-04 ends when their 4th begins.
        if (query.After is { } after)
        {
            var from = StartOf(after.AddDays(1));
            candidates = candidates.Where(c => c.Message.CreatedAt >= from);
        }

        if (query.Before is { } before)
        {
            var until = StartOf(before);
            candidates = candidates.Where(c => c.Message.CreatedAt < until);
        }

        var ordered = order == SearchOrder.BestMatch && terms.HasText
            ? candidates.OrderByDescending(c => c.Rank).ThenByDescending(c => c.Message.Id)
            : candidates.OrderByDescending(c => c.Message.Id);
        return await ordered
            .Skip(page * SearchResults.PageSize).Take(SearchResults.PageSize + 1)
            .Select(c => new Found(c.Message.Id, c.Message.RoomId, c.Message.Sequence, c.Message.AuthorId, c.Message.CreatedAt,
                terms.HasText ? string.Empty : c.Message.Body.Substring(0, Snippets.PlainLength + 1), c.Rank))
            .ToListAsync(cancellationToken);
    }

    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // In UTC: SQLite stores instants with their offset (so only UTC ones compare rightly) and Npgsql refuses any other offset.
        return new DateTimeOffset(local, readerZone.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId} searched messages: {Count} shown in {Milliseconds:0.0} ms.")]
        public static partial void Searched(ILogger logger, long userId, int count, double milliseconds);
    }
}

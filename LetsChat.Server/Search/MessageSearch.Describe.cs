using LetsChat.Components.Chat.Search;
using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Search;

/// <summary>What the screen shows of what was found: rooms as the reader calls them, authors, snippets; people and rooms by name.</summary>
internal sealed partial class MessageSearch
{
    private const int NamesShown = 5;

    /// <summary>A room the reader may read, by the name they know it by (a private room by the friend's name and handle).</summary>
    private sealed record ReadableRoom(long Id, RoomKind Kind, string Name, string? FriendHandle);

    private async Task<IReadOnlyList<SearchHit>> DescribeAsync(LetsChatDb db, long userId, SearchTerms terms, List<Found> found, CancellationToken cancellationToken)
    {
        if (found.Count == 0)
        {
            return [];
        }

        var ids = found.Select(f => f.Id).ToList();
        var snippets = terms.HasText ? await index.SnippetsAsync(db, terms, ids, cancellationToken) : found.ToDictionary(f => f.Id, f => Snippets.Opening(f.Body));
        var rooms = (await ReadableRoomsAsync(db, userId, found.Select(f => f.RoomId).Distinct().ToList(), cancellationToken)).ToDictionary(r => r.Id);
        var mentioned = snippets.Values.SelectMany(Snippets.MentionedIds);
        var people = found.Select(f => f.AuthorId).Concat(mentioned).Distinct().ToList();
        var authors = await db.Users.Where(u => people.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Handle, u.AvatarHash, u.ProviderAvatarUrl, Gone = u.DeletedAt != null })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var names = authors.Values.ToDictionary(a => a.Id, a => a.DisplayName);
        var files = await db.Attachments.Where(a => a.MessageId != null && ids.Contains(a.MessageId.Value))
            .GroupBy(a => a.MessageId!.Value).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id, g => g.Count, cancellationToken);
        return found.Where(f => rooms.ContainsKey(f.RoomId)).Select(f =>
        {
            var room = rooms[f.RoomId];
            var author = authors.GetValueOrDefault(f.AuthorId);
            return new SearchHit(f.Id, f.RoomId, room.Kind, room.Name, f.Sequence,
                author?.DisplayName ?? "Deleted account",
                author is { Gone: false } ? author.Handle : null,
                author is { Gone: false } ? LetsChatClaims.AvatarUrl(author.AvatarHash, author.ProviderAvatarUrl) : null,
                f.CreatedAt,
                Snippets.Parse(snippets.GetValueOrDefault(f.Id, string.Empty), names),
                files.GetValueOrDefault(f.Id));
        }).ToList();
    }

    private async Task<IReadOnlyList<PersonMatch>> PeopleAsync(LetsChatDb db, long userId, SearchQuery query, CancellationToken cancellationToken)
    {
        if (NameKey(query) is not { } key)
        {
            return [];
        }

        var people = await index.PeopleNamed(db, key)
            .Join(db.Users, t => t.Id, u => u.Id, (t, u) => new { User = u, t.Rank })
            .Where(p => !p.User.IsBanned && p.User.DeletedAt == null && !db.Blocks.Any(b => b.BlockerId == p.User.Id && b.BlockedId == userId))
            .OrderByDescending(p => p.Rank).ThenBy(p => p.User.SearchName).ThenBy(p => p.User.Id)
            .Take(NamesShown)
            .Select(p => new { p.User.Id, p.User.DisplayName, p.User.Handle, p.User.AvatarHash, p.User.ProviderAvatarUrl })
            .ToListAsync(cancellationToken);
        return people.Select(p => new PersonMatch(p.Id, p.DisplayName, p.Handle, LetsChatClaims.AvatarUrl(p.AvatarHash, p.ProviderAvatarUrl))).ToList();
    }

    private async Task<IReadOnlyList<RoomMatch>> RoomsAsync(LetsChatDb db, long userId, SearchQuery query, CancellationToken cancellationToken)
    {
        if (NameKey(query) is not { } key)
        {
            return [];
        }

        // Private rooms are called by the friend's name: the people above find them.
        var rooms = await index.RoomsNamed(db, key)
            .Join(RoomAccess.ReadableBy(db, userId).Where(r => r.Kind != RoomKind.Private), t => t.Id, r => r.Id, (t, r) => new { Room = r, t.Rank })
            .OrderByDescending(p => p.Rank).ThenBy(p => p.Room.Name).ThenBy(p => p.Room.Id)
            .Take(NamesShown)
            .Select(p => new RoomMatch(p.Room.Id, p.Room.Kind, p.Room.Name))
            .ToListAsync(cancellationToken);
        return rooms;
    }

    // People and rooms are looked for when the query is words alone: with a filter, the reader is after messages.
    private static string? NameKey(SearchQuery query)
    {
        if (query.HasFilters)
        {
            return null;
        }

        var key = string.Join(' ', query.Words.Concat(query.Phrases)).Trim().TrimStart('@').ToUpperInvariant();
        return key.Length < 2 ? null : key[..Math.Min(key.Length, 50)];
    }

    private static async Task<IReadOnlyList<ReadableRoom>> ReadableRoomsAsync(LetsChatDb db, long userId, IReadOnlyList<long>? only, CancellationToken cancellationToken)
    {
        var rooms = RoomAccess.ReadableBy(db, userId);
        if (only is not null)
        {
            rooms = rooms.Where(r => only.Contains(r.Id));
        }

        var found = await rooms.Select(r => new
        {
            r.Id,
            r.Kind,
            r.Name,
            FriendName = db.RoomMembers.Where(m => r.Kind == RoomKind.Private && m.RoomId == r.Id && m.UserId != userId)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.DisplayName).FirstOrDefault(),
            FriendHandle = db.RoomMembers.Where(m => r.Kind == RoomKind.Private && m.RoomId == r.Id && m.UserId != userId)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Handle).FirstOrDefault(),
        }).ToListAsync(cancellationToken);
        return found.Select(r => new ReadableRoom(r.Id, r.Kind, r.FriendName ?? r.Name, r.FriendHandle)).ToList();
    }

    /// <summary>The rooms <c>in:</c> names: those called exactly that (or the friend with that handle), else those whose name holds it.</summary>
    private static List<long> RoomsCalled(IReadOnlyList<ReadableRoom> rooms, string name)
    {
        var handle = name.TrimStart('@');
        var exact = rooms.Where(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || (r.FriendHandle?.Equals(handle, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        var chosen = exact.Count > 0 ? exact : rooms.Where(r => r.Name.Contains(name, StringComparison.OrdinalIgnoreCase)).ToList();
        return chosen.Select(r => r.Id).ToList();
    }
}

using System.Text;
using System.Text.RegularExpressions;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Server.Profiles;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Chat;

/// <summary>A typed text with its mentions resolved: the body to store, whom it mentions, and whether it mentions the whole room.</summary>
public sealed record ResolvedMentions(string Body, IReadOnlyList<long> UserIds, bool Everyone)
{
    public bool Any => Everyone || UserIds.Count > 0;
}

/// <summary>
/// Turns each <c>@handle</c> of someone who can read the room into a mention token (<see cref="MentionText"/>), and
/// <c>@room</c> in a group room into the whole room's. Anyone else's handle (not a member, banned, no such person) stays
/// plain text and notifies nobody; so does anything inside code.
/// </summary>
public sealed partial class MentionResolver(IDbContextFactory<LetsChatDb> dbFactory)
{
    /// <summary>How many different people one message may mention.</summary>
    public const int MaxPeople = 50;

    [GeneratedRegex(@"(?<![\w@.\-])@([A-Za-z0-9_.\-]{3,40})", RegexOptions.CultureInvariant)]
    private static partial Regex TypedHandles();

    [GeneratedRegex(@"```[\s\S]*?(?:```|$)|`[^`\n]*`", RegexOptions.CultureInvariant)]
    private static partial Regex Code();

    /// <summary>Resolves the mentions in <paramref name="text"/> (already checked by <see cref="MentionRules"/>) for <paramref name="room"/>.</summary>
    public async Task<ResolvedMentions> ResolveAsync(RoomInfo room, string text, CancellationToken cancellationToken)
    {
        var body = MentionText.EscapeTyped(text);
        if (!body.Contains('@'))
        {
            return new ResolvedMentions(body, [], false);
        }

        var code = Code().Matches(body).Select(m => (m.Index, End: m.Index + m.Length)).ToList();
        var typed = TypedHandles().Matches(body)
            .Where(m => !code.Any(c => m.Index >= c.Index && m.Index < c.End))
            .Select(m => (m.Index, Handle: m.Groups[1].Value.TrimEnd('.', '-')))
            .Where(m => m.Handle.Length >= Handles.MinLength && m.Handle.Length <= Handles.MaxLength)
            .ToList();
        var everyone = room.Kind == RoomKind.Group && typed.Any(m => m.Handle.Equals(MentionText.Everyone, StringComparison.OrdinalIgnoreCase));
        var wanted = typed.Select(m => Handles.Normalize(m.Handle)).Where(h => h != "ROOM").Distinct().Take(MaxPeople).ToList();
        var readers = wanted.Count == 0 ? [] : await ReadersAsync(room, wanted, cancellationToken);
        if (readers.Count == 0 && !everyone)
        {
            return new ResolvedMentions(body, [], false);
        }

        // From the end, so that earlier positions stay where they were.
        var resolved = new StringBuilder(body);
        foreach (var (index, handle) in typed.AsEnumerable().Reverse())
        {
            var normalized = Handles.Normalize(handle);
            if (readers.TryGetValue(normalized, out var id))
            {
                resolved.Remove(index, handle.Length + 1).Insert(index, MentionText.Token(id));
            }
            else if (everyone && normalized == "ROOM")
            {
                resolved.Remove(index, handle.Length + 1).Insert(index, MentionText.EveryoneToken);
            }
        }

        return new ResolvedMentions(resolved.ToString(), [.. readers.Values.Distinct()], everyone);
    }

    // The people with these handles who can read the room: anyone (not banned, not deleted) in the public room, members elsewhere.
    private async Task<Dictionary<string, long>> ReadersAsync(RoomInfo room, List<string> handles, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var people = db.Users.Where(u => handles.Contains(u.NormalizedHandle) && u.DeletedAt == null && !u.IsBanned);
        if (room.Kind != RoomKind.Public)
        {
            people = people.Where(u => db.RoomMembers.Any(m => m.RoomId == room.Id && m.UserId == u.Id));
        }

        return await people.ToDictionaryAsync(u => u.NormalizedHandle, u => u.Id, cancellationToken);
    }
}

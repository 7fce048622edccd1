using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Components.Notifications;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications;
using LetsChat.Server.Presence;
using LetsChat.Server.Presence.Status;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Rooms;

/// <summary>
/// The room list of one circuit's user: the public room and every private and group room they are in, each with its
/// last message, unread count and (for a friend's chat) the friend's status. Scoped: it answers for the circuit's user
/// only.
/// </summary>
public sealed class RoomList(CurrentUser currentUser, IDbContextFactory<LetsChatDb> dbFactory, IPresenceDirectory presenceDirectory, PresenceService presence, StatusBook statuses)
    : IRoomList
{
    public async Task<IReadOnlyList<RoomSummary>> GetRoomsAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } user)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rooms = await RoomAccess.ReadableBy(db, user.Id)
            .Select(r => new
            {
                r.Id,
                r.Kind,
                r.Name,
                r.IsReadOnly,
                r.LastActivityAt,
                r.LastSequence,
                LastRead = db.RoomMembers.Where(m => m.RoomId == r.Id && m.UserId == user.Id).Select(m => (long?)m.LastReadSequence).FirstOrDefault(),
                LastBody = db.Messages.Where(m => m.RoomId == r.Id && m.Sequence == r.LastSequence).Select(m => m.DeletedAt == null ? m.Body : null).FirstOrDefault(),
                Other = r.Kind == RoomKind.Private
                    ? db.RoomMembers.Where(m => m.RoomId == r.Id && m.UserId != user.Id)
                        .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.AvatarHash, u.ProviderAvatarUrl, u.LastSeenAt })
                        .FirstOrDefault()
                    : null,
            })
            .ToListAsync(cancellationToken);
        var friendIds = (await db.Friendships
            .Where(f => f.UserAId == user.Id || f.UserBId == user.Id)
            .Select(f => f.UserAId == user.Id ? f.UserBId : f.UserAId)
            .ToListAsync(cancellationToken)).ToHashSet();
        // Online is a question for every instance (Redis when scaled out), asked once for all friends in the list.
        var online = await presenceDirectory.OnlineAmongAsync(friendIds, cancellationToken);
        var status = await statuses.OfAsync(friendIds, online, cancellationToken);
        var mentionedIn = (await db.Notifications
            .Where(n => n.RecipientId == user.Id && n.Kind == NotificationKind.Mention && n.ReadAt == null)
            .Select(n => n.SubjectKey)
            .ToListAsync(cancellationToken)).ToHashSet();
        var names = await MentionedNamesAsync(db, rooms.Select(r => r.LastBody), cancellationToken);

        return rooms
            .Select(r => new RoomSummary(
                r.Id,
                r.Kind,
                r.Other?.DisplayName ?? r.Name,
                r.Other is { } other ? LetsChatClaims.AvatarUrl(other.AvatarHash, other.ProviderAvatarUrl) : null,
                r.Other?.Id,
                // Only a current friend's status is shown; an ex-friend's room keeps its history, not their presence.
                r.Other is { } o && friendIds.Contains(o.Id) ? online.Contains(o.Id) : null,
                r.Other is { } seen && friendIds.Contains(seen.Id) ? presence.LastSeen(seen.Id) ?? seen.LastSeenAt : null,
                r.LastBody is { } body ? (body.Length == 0 ? MessagePreview.FilesOnly : MessagePreview.Of(WithNames(body, names))) : null,
                r.LastActivityAt,
                r.LastSequence,
                r.Kind == RoomKind.Public ? r.LastSequence : r.LastRead ?? 0,
                r.IsReadOnly,
                mentionedIn.Contains(NotificationService.MentionKey(r.Id)),
                r.Other is { } f && friendIds.Contains(f.Id) ? status.GetValueOrDefault(f.Id) : null))
            .OrderByDescending(r => r.Kind == RoomKind.Public)
            .ThenByDescending(r => r.LastActivityAt)
            .ToList();
    }

    // Previews show a mention as "@Name", with the name it has now, like the message does.
    private static async Task<Dictionary<long, string>> MentionedNamesAsync(LetsChatDb db, IEnumerable<string?> bodies, CancellationToken cancellationToken)
    {
        var ids = bodies.Where(b => b is not null && b.Contains("<@", StringComparison.Ordinal))
            .SelectMany(b => MentionText.Tokens().Matches(b!))
            .Select(t => long.TryParse(t.Groups[1].Value, out var id) ? id : 0)
            .Where(id => id > 0)
            .Distinct()
            .ToList();
        return ids.Count == 0 ? [] : await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    private static string WithNames(string body, Dictionary<long, string> names) =>
        names.Count == 0 && !body.Contains(MentionText.EveryoneToken, StringComparison.Ordinal)
            ? body
            : MentionText.Tokens().Replace(body, t => long.TryParse(t.Groups[1].Value, out var id) && names.TryGetValue(id, out var name) ? "@" + name : "@" + t.Groups[1].Value);
}

using LetsChat.Components.Admin;
using LetsChat.Components.Identity;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Moderation;

/// <summary>
/// The queue and what reviewers do with it, for the user of one circuit. Every call reads from the database who the
/// caller is and what they may do where (<see cref="ModerationPowers"/>); every change is audited in the same save.
/// </summary>
internal sealed partial class ModerationService(
    CurrentUser currentUser,
    IDbContextFactory<LetsChatDb> dbFactory,
    MessageStore messages,
    MessageRemoval removal,
    HeldMessages held,
    Bans bans,
    BlockedWords blockedWords,
    ReviewNews news,
    IEventBus bus,
    DeliveryLanes lanes,
    TimeProvider time,
    ModeratorStatus moderatorStatus,
    ILogger<ModerationService> logger) : IModeration, IDisposable
{
    public const string NotAllowed = "Only moderators, or the room's owner, can do this.";
    public const string ModeratorsOnly = "Only moderators can do this.";

    /// <summary>How many queues one circuit may watch at once: the admin page's, its link's count, a room's settings.</summary>
    public const int MaxWatches = 6;

    private readonly SubscriptionBag _watches = new(MaxWatches);

    public async Task<RoomModerationSettings?> GetRoomSettingsAsync(long roomId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await ModerationPowers.ReadAsync(db, me.Id, roomId, cancellationToken) is not { CanModerate: true } powers)
        {
            return null;
        }

        var slow = await db.Rooms.Where(r => r.Id == roomId).Select(r => r.SlowModeSeconds).SingleAsync(cancellationToken);
        return new RoomModerationSettings(roomId, powers.Kind, slow, ModerationPowers.OpenToModerators(powers.Kind, powers.ModeratorsAllowed), powers.IsOwner);
    }

    public Task<Outcome> SetSlowModeAsync(long roomId, int seconds) => ActAsync(async (me, db) =>
    {
        if (seconds < 0 || seconds > SlowMode.Longest)
        {
            return Outcome.Refused($"Choose a slow mode between off and {SlowMode.Label(SlowMode.Longest)}.");
        }

        if (await ModerationPowers.ReadAsync(db, me.Id, roomId, CancellationToken.None) is not { CanModerate: true } powers)
        {
            return Outcome.Refused(NotAllowed);
        }

        var room = await db.Rooms.SingleAsync(r => r.Id == roomId);
        if (room.SlowModeSeconds == seconds)
        {
            return Outcome.Done(seconds == 0 ? "Slow mode is off." : $"Slow mode is already {SlowMode.Label(seconds)}.");
        }

        room.SlowModeSeconds = seconds;
        AuditTrail.Write(db, time.GetUtcNow(), me.Id, AuditActions.SlowMode, roomId: roomId, reason: SlowMode.Label(seconds));
        await db.SaveChangesAsync();
        await bus.PublishStoredAsync(new RoomModerationChanged(roomId, seconds), logger);
        return Outcome.Done(seconds == 0 ? $"Slow mode is off in {powers.RoomName}." : $"Slow mode in {powers.RoomName}: one message every {SlowMode.Label(seconds)} per person.");
    });

    public Task<Outcome> SetModeratorsAllowedAsync(long roomId, bool allowed) => ActAsync(async (me, db) =>
    {
        if (await ModerationPowers.ReadAsync(db, me.Id, roomId, CancellationToken.None) is not { IsOwner: true })
        {
            return Outcome.Refused(RoomRefusals.OwnerOnly);
        }

        var room = await db.Rooms.SingleAsync(r => r.Id == roomId);
        room.ModeratorsAllowed = allowed;
        AuditTrail.Write(db, time.GetUtcNow(), me.Id, allowed ? AuditActions.ModeratorsAllowed : AuditActions.ModeratorsNotAllowed, roomId: roomId);
        await db.SaveChangesAsync();
        await news.ChangedAsync(roomId);
        return Outcome.Done(allowed
            ? "Moderators can now review reports here, reading the messages around a reported one."
            : "Moderators no longer read this room; reports here come to you, and to them only with an attached message.");
    });

    public async Task<IReadOnlyList<BlockedWordView>> GetBlockedWordsAsync(CancellationToken cancellationToken = default)
    {
        if (await ModeratorAsync(cancellationToken) is null)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BlockedWords.AsNoTracking()
            .OrderBy(w => w.NormalizedWord)
            .Select(w => new BlockedWordView(w.Id, w.Word, w.Action, db.Users.Where(u => u.Id == w.CreatedById).Select(u => u.DisplayName).FirstOrDefault() ?? "?", w.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    public Task<Outcome> AddBlockedWordAsync(string? word, BlockedWordAction action) => ModeratorActAsync(async (me, db) =>
    {
        if (BlockedWords.Normalize(word) is not { } normalized || !Enum.IsDefined(action))
        {
            return Outcome.Refused($"Write a word or phrase of up to {BlockedWords.MaxLength} characters (a * at the end matches any ending).");
        }

        if (await db.BlockedWords.AnyAsync(w => w.NormalizedWord == normalized))
        {
            return Outcome.Refused($"“{word!.Trim()}” is on the list already.");
        }

        if (await db.BlockedWords.CountAsync() >= BlockedWords.MaxWords)
        {
            return Outcome.Refused($"The list holds at most {BlockedWords.MaxWords} words.");
        }

        var clean = PlainText.Line(word, BlockedWords.MaxLength)!;
        var now = time.GetUtcNow();
        db.BlockedWords.Add(new BlockedWord { Word = clean, NormalizedWord = normalized, Action = action, CreatedById = me.Id, CreatedAt = now });
        AuditTrail.Write(db, now, me.Id, AuditActions.BlockWord, reason: $"{clean} ({(action == BlockedWordAction.Hold ? "hold" : "refuse")})");
        await db.SaveChangesAsync();
        await WordsChangedAsync();
        return Outcome.Done(action == BlockedWordAction.Hold
            ? $"Messages containing “{clean}” are now held for review."
            : $"Messages containing “{clean}” are now refused.");
    });

    public Task<Outcome> RemoveBlockedWordAsync(long id) => ModeratorActAsync(async (me, db) =>
    {
        if (await db.BlockedWords.SingleOrDefaultAsync(w => w.Id == id) is not { } word)
        {
            return Outcome.Refused("That word is not on the list.");
        }

        db.BlockedWords.Remove(word);
        AuditTrail.Write(db, time.GetUtcNow(), me.Id, AuditActions.UnblockWord, reason: word.Word);
        await db.SaveChangesAsync();
        await WordsChangedAsync();
        return Outcome.Done($"“{word.Word}” is allowed again.");
    });

    public async Task<IDisposable?> WatchAsync(QueueScope scope, Func<Task> onChange)
    {
        if (!await MaySeeAsync(scope, CancellationToken.None))
        {
            return null;
        }

        return _watches.Track(new OrderedSubscription<UserEvent>(bus, lanes, AdminTopics.Moderation, _ => onChange(),
            accept: e => e is ReportsChanged changed && (scope.RoomId is null || changed.RoomId == scope.RoomId)));
    }

    public void Dispose() => _watches.Dispose();

    private async Task WordsChangedAsync()
    {
        blockedWords.Forget();
        await bus.PublishAsync<UserEvent>(AdminTopics.Moderation, new BlockedWordsChanged());
    }

    private async Task<bool> MaySeeAsync(QueueScope scope, CancellationToken cancellationToken)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await MaySeeAsync(db, me.Id, scope, cancellationToken);
    }

    // A room's queue is its owner's, and open moderators' (a group room only: the public room's items are the site's).
    private static async Task<bool> MaySeeAsync(LetsChatDb db, long userId, QueueScope scope, CancellationToken cancellationToken) =>
        scope.RoomId is { } roomId
            ? await ModerationPowers.ReadAsync(db, userId, roomId, cancellationToken) is { CanModerate: true, Kind: RoomKind.Group }
            : await ModerationPowers.IsModeratorAsync(db, userId, cancellationToken);

    private Task<SignedInUser?> ModeratorAsync(CancellationToken cancellationToken) => moderatorStatus.ModeratorAsync(cancellationToken);

    private Task<Outcome> ModeratorActAsync(Func<SignedInUser, LetsChatDb, Task<Outcome>> action) => ActAsync(async (me, db) =>
        await ModerationPowers.IsModeratorAsync(db, me.Id, CancellationToken.None) ? await action(me, db) : Outcome.Refused(ModeratorsOnly));

    /// <summary>Runs a change for the signed-in caller (each action checks what they may do where), then tells every admin page.</summary>
    private async Task<Outcome> ActAsync(Func<SignedInUser, LetsChatDb, Task<Outcome>> action) =>
        await currentUser.GetAsync() is { } me
            ? await ModerationChange.RunAsync(dbFactory, bus, logger, me.Id, db => action(me, db))
            : Outcome.Refused(Refusals.SignInFirst);
}

using LetsChat.Components.Moderation;
using LetsChat.Components.Shared;

namespace LetsChat.Tests.Moderation;

/// <summary>The moderation service as the screens see it: what it holds is set by the test, and every action is recorded.</summary>
public sealed class FakeModeration : IModeration
{
    private readonly Dictionary<QueueScope, List<Func<Task>>> _watchers = [];

    public Dictionary<QueueScope, ModerationItems> Queues { get; } = [];

    public Dictionary<long, RoomModerationSettings> RoomSettings { get; } = [];

    public List<BlockedWordView> Words { get; } = [];

    public List<string> Calls { get; } = [];

    public Outcome NextResult { get; set; } = Outcome.Done("Done by the fake.");

    public int WatchersOf(QueueScope scope) => _watchers.TryGetValue(scope, out var list) ? list.Count : 0;

    /// <summary>What another moderator's action (or a new report) would do: every watcher of the scope hears of it.</summary>
    public async Task ChangeAsync(QueueScope scope, ModerationItems items)
    {
        Queues[scope] = items;
        foreach (var watcher in _watchers.GetValueOrDefault(scope) ?? [])
        {
            await watcher();
        }
    }

    public Task<ModerationItems?> GetAsync(QueueScope scope, CancellationToken cancellationToken = default) =>
        Task.FromResult(Queues.TryGetValue(scope, out var items) ? items : null);

    public Task<int?> OpenCountAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Queues.TryGetValue(QueueScope.Site, out var items) ? items.Count : (int?)null);

    public Task<Outcome> RemoveMessageAsync(long messageId, string? reason) => Record($"Remove {messageId} {reason}");

    public Task<Outcome> MuteAuthorAsync(long messageId, TimeSpan duration, string? reason) => Record($"Mute author {messageId} {duration} {reason}");

    public Task<Outcome> MuteMemberAsync(long roomId, long userId, TimeSpan duration, string? reason) => Record($"Mute member {roomId} {userId} {duration}");

    public Task<Outcome> BanAsync(long userId, TimeSpan? duration, string? reason) => Record($"Ban {userId} {duration?.ToString() ?? "permanently"} {reason}");

    public Task<Outcome> DismissMessageAsync(long messageId, string? reason) => Record($"Dismiss message {messageId} {reason}");

    public Task<Outcome> DismissPersonAsync(long userId, string? reason) => Record($"Dismiss person {userId} {reason}");

    public Task<Outcome> ApproveHeldAsync(long heldId) => Record($"Approve {heldId}");

    public Task<Outcome> RejectHeldAsync(long heldId, string? reason) => Record($"Reject {heldId}");

    public Task<RoomModerationSettings?> GetRoomSettingsAsync(long roomId, CancellationToken cancellationToken = default) =>
        Task.FromResult(RoomSettings.GetValueOrDefault(roomId));

    public Task<Outcome> SetSlowModeAsync(long roomId, int seconds) => Record($"Slow mode {roomId} {seconds}");

    public Task<Outcome> SetModeratorsAllowedAsync(long roomId, bool allowed) => Record($"Moderators allowed {roomId} {allowed}");

    public Task<IReadOnlyList<BlockedWordView>> GetBlockedWordsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BlockedWordView>>([.. Words]);

    public async Task<Outcome> AddBlockedWordAsync(string? word, BlockedWordAction action)
    {
        var outcome = await Record($"Add word {word} {action}");
        if (outcome.Succeeded)
        {
            Words.Add(new BlockedWordView(Words.Count + 100, word!, action, "Mod", DateTimeOffset.UnixEpoch));
        }

        return outcome;
    }

    public async Task<Outcome> RemoveBlockedWordAsync(long id)
    {
        var outcome = await Record($"Remove word {id}");
        Words.RemoveAll(w => outcome.Succeeded && w.Id == id);
        return outcome;
    }

    public Task<IDisposable?> WatchAsync(QueueScope scope, Func<Task> onChange)
    {
        if (!Queues.ContainsKey(scope))
        {
            return Task.FromResult<IDisposable?>(null);
        }

        var list = _watchers.TryGetValue(scope, out var found) ? found : _watchers[scope] = [];
        list.Add(onChange);
        return Task.FromResult<IDisposable?>(new Unwatch(() => list.Remove(onChange)));
    }

    private Task<Outcome> Record(string call)
    {
        Calls.Add(call.TrimEnd());
        return Task.FromResult(NextResult);
    }

    private sealed class Unwatch(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}

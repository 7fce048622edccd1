using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;

namespace LetsChat.Tests.Moderation;

/// <summary>
/// One open room as the chat page's services show it, for rendering the page without a server: the room's events are
/// pushed by the test (<see cref="PublishAsync"/>), and <see cref="NextSend"/> is what sending answers.
/// </summary>
public sealed class FakeRoom(RoomInfo room, IReadOnlyList<ChatMessage> latest) : IChatService, IReactionService, IMentionService, IRoomNotificationSettings
{
    private Func<IReadOnlyList<RoomEvent>, Task>? _onEvents;

    public RoomInfo Room { get; } = room;

    public List<string> Sent { get; } = [];

    /// <summary>What sending answers; null stores the message as sent.</summary>
    public Func<string, Outcome<ChatMessage>>? NextSend { get; set; }

    public Task PublishAsync(params RoomEvent[] events) => _onEvents?.Invoke(events) ?? Task.CompletedTask;

    public Task<Outcome<RoomSession>> JoinRoomAsync(long? roomId, Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken = default)
    {
        _onEvents = onEvents;
        return Task.FromResult(Outcome.Done(new RoomSession(Room, latest, long.MaxValue, new Unsubscribe())));
    }

    public Task<Outcome<ChatMessage>> SendAsync(long roomId, Guid clientMessageId, string? body, long? replyToId = null, IReadOnlyList<long>? attachmentIds = null, CancellationToken cancellationToken = default)
    {
        Sent.Add(body ?? string.Empty);
        return Task.FromResult(NextSend?.Invoke(body ?? string.Empty)
            ?? Outcome.Done(new ChatMessage(100 + Sent.Count, roomId, 100 + Sent.Count, 1, "Me", null, body ?? string.Empty, DateTimeOffset.UtcNow, ClientMessageId: clientMessageId)));
    }

    public Task<OlderMessages> LoadOlderAsync(long roomId, long beforeSequence, CancellationToken cancellationToken = default) => Task.FromResult(new OlderMessages([], false));

    public Task<Outcome<ChatMessage>> EditAsync(long messageId, string? body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Outcome<ChatMessage>> DeleteAsync(long messageId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task MarkReadAsync(long roomId, long sequence, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task TypingAsync(long roomId) => Task.CompletedTask;

    public Task<Outcome<ChatMessage>> ToggleAsync(long messageId, string? emoji, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<string>> RecentAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);

    public Task<IReadOnlyList<MentionCandidate>> SuggestAsync(long roomId, string? query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MentionCandidate>>([]);

    public Task<NotificationLevel?> GetLevelAsync(long roomId, CancellationToken cancellationToken = default) =>
        Task.FromResult<NotificationLevel?>(NotificationLevel.MentionsOnly);

    public Task<Outcome> SetLevelAsync(long roomId, NotificationLevel level) => Task.FromResult(Outcome.Done());

    private sealed class Unsubscribe : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

/// <summary>A group room's members, for the owner: the room's own calls are not what these tests are about.</summary>
public sealed class FakeRoomMembers(RoomMembers members) : IRoomService
{
    public Task<RoomMembers?> GetMembersAsync(long roomId, CancellationToken cancellationToken = default) => Task.FromResult<RoomMembers?>(members);

    public Task<IReadOnlyList<RoomMemberView>> FindFriendsToAddAsync(long roomId, string? query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RoomMemberView>>([]);

    public Task<Outcome<long?>> CreateAsync(string? name, string? description) => throw new NotSupportedException();

    public Task<Outcome> AddMemberAsync(long roomId, long userId) => throw new NotSupportedException();

    public Task<Outcome> RemoveMemberAsync(long roomId, long userId) => throw new NotSupportedException();

    public Task<Outcome> LeaveAsync(long roomId) => throw new NotSupportedException();

    public Task<Outcome> RenameAsync(long roomId, string? name, string? description) => throw new NotSupportedException();

    public Task<Outcome> TransferOwnershipAsync(long roomId, long userId) => throw new NotSupportedException();

    public Task<Outcome> DeleteAsync(long roomId) => throw new NotSupportedException();
}

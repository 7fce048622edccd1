using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Rooms;

/// <summary>
/// Writes read marks in batches: every tab reading a busy room marks it every few seconds, and thousands of tabs
/// writing each mark on its own (the member's mark, the room's message and mention notifications) made SQLite's single
/// writer the day benchmark's bottleneck, with readers' deliveries waiting on it. Marks are gathered for a moment,
/// the highest per member and room kept, and written a chunk per transaction; then each member's tabs are told, as
/// before. A caller's task completes once its mark is written (or fails with the write's error); the mark is kept
/// and written with the next batch.
/// </summary>
public sealed class ReadMarkWriter(
    IDbContextFactory<LetsChatDb> dbFactory, SqliteWriteGate writes, IEventBus bus, NotificationService notifications, TimeProvider time, ILogger<ReadMarkWriter> logger)
    : BackgroundService
{
    /// <summary>How long marks are gathered before they are written.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(250);

    /// <summary>Marks per transaction: a long write would hold every sender back.</summary>
    public const int ChunkSize = 100;

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _waiting = new(0);
    private Dictionary<(long User, long Room), long> _pending = [];
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Marks <paramref name="userId"/>'s read position in a private or group room; completes once written.</summary>
    public Task MarkAsync(long userId, long roomId, long sequence)
    {
        lock (_lock)
        {
            Keep((userId, roomId), sequence);
            return _written.Task;
        }
    }

    // Under the lock: the highest mark asked for each member and room; the first one waiting wakes the writer.
    private void Keep((long User, long Room) key, long sequence)
    {
        if (_pending.Count == 0)
        {
            _waiting.Release();
        }

        _pending[key] = Math.Max(sequence, _pending.GetValueOrDefault(key));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _waiting.WaitAsync(stoppingToken);
                await Task.Delay(Gather, stoppingToken);
                await WriteBatchAsync(stoppingToken);
            }
        }
        finally
        {
            // Stopping: nobody waits for a write that will not happen.
            lock (_lock)
            {
                _written.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task WriteBatchAsync(CancellationToken stoppingToken)
    {
        Dictionary<(long User, long Room), long> batch;
        TaskCompletionSource written;
        lock (_lock)
        {
            (batch, _pending) = (_pending, []);
            (written, _written) = (_written, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        try
        {
            await WriteAsync(batch, stoppingToken);
            written.TrySetResult();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.ReadMarksNotWritten(ex, batch.Count);
            Requeue(batch);
            written.TrySetException(ex);
        }
        finally
        {
            written.TrySetCanceled(stoppingToken);
        }
    }

    // A batch that could not be written goes back to wait for the next, under any newer marks.
    private void Requeue(Dictionary<(long User, long Room), long> batch)
    {
        lock (_lock)
        {
            foreach (var (key, sequence) in batch)
            {
                Keep(key, sequence);
            }
        }
    }

    private async Task WriteAsync(Dictionary<(long User, long Room), long> batch, CancellationToken cancellationToken)
    {
        var moved = new List<(long User, long Room, long Sequence)>();
        var mentionsRead = new List<(long User, long Room)>();
        var notified = new HashSet<long>();
        foreach (var chunk in batch.Chunk(ChunkSize))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var roomIds = chunk.Select(m => m.Key.Room).Distinct().ToList();
            var newest = await db.Rooms.Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.LastSequence, cancellationToken);
            // The authorisation: a mark is written only for a member of the room, as the chunk's memberships say now.
            var userIds = chunk.Select(m => m.Key.User).Distinct().ToList();
            var members = (await db.RoomMembers.Where(m => roomIds.Contains(m.RoomId) && userIds.Contains(m.UserId))
                .Select(m => new { m.UserId, m.RoomId }).ToListAsync(cancellationToken)).Select(m => (m.UserId, m.RoomId)).ToHashSet();
            var now = time.GetUtcNow();
            // On SQLite a chunk waits until no message or reaction is waiting to be written: a reader's mark can wait.
            using var writer = await writes.EnterAsync(db, cancellationToken, bulk: true);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var ((user, room), wanted) in chunk.Where(m => members.Contains(m.Key)))
            {
                var sequence = Math.Clamp(wanted, 0, newest.GetValueOrDefault(room));
                if (await ReadMarks.MoveAsync(db, user, room, sequence, cancellationToken))
                {
                    moved.Add((user, room, sequence));
                }

                if (await NotificationService.ReadSubjectAsync(db, user, NotificationService.RoomMessageKey(room), now, cancellationToken))
                {
                    notified.Add(user);
                }

                if (await NotificationService.ReadSubjectAsync(db, user, NotificationService.MentionKey(room), now, cancellationToken))
                {
                    notified.Add(user);
                    mentionsRead.Add((user, room));
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // Written: now every tab of each member hears of it, as a mark written on its own would have told them.
        foreach (var (user, room, sequence) in moved)
        {
            await bus.PublishAsync<UserEvent>(EventTopics.User(user), new RoomRead(room, sequence));
        }

        foreach (var (user, room) in mentionsRead)
        {
            await bus.PublishAsync<UserEvent>(EventTopics.User(user), new RoomMentions(room, Unread: false));
        }

        foreach (var user in notified)
        {
            await notifications.TellUnreadAsync(user, cancellationToken);
        }
    }
}

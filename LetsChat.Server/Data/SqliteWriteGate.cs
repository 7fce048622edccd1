using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Data;

/// <summary>
/// Queues this process's write transactions when the database is SQLite. SQLite has one writer at a time, and
/// Microsoft.Data.Sqlite answers a busy database by sleeping 150 ms before it tries again: two senders at the same
/// moment made one of them, and every reader of the room, wait that long. Here they wait for each other in memory
/// instead. Messages and reactions go first: a bulk writer (an upload's chunks) is let in only when none is waiting,
/// so twenty uploads add at most one chunk's write to a message's wait. On PostgreSQL row locks order writers, and the
/// gate lets everything through.
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _hot = new();
    private readonly LinkedList<TaskCompletionSource> _bulk = new();
    private bool _held;
    private bool _closed;

    /// <summary>Enters the gate for a write on <paramref name="db"/>; dispose the result to leave.</summary>
    /// <param name="bulk">A write that may wait for every message and reaction waiting (an upload's chunk).</param>
    /// <exception cref="OperationCanceledException">The app is stopping (or the caller gave up): no write starts.</exception>
    public async ValueTask<IDisposable?> EnterAsync(LetsChatDb db, CancellationToken cancellationToken, bool bulk = false)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (_closed)
            {
                throw new OperationCanceledException("The app is stopping.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (!_held)
            {
                _held = true;
                return new Leave(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = (bulk ? _bulk : _hot).AddLast(waiter);
        }

        // Given up while waiting: out of the queue. Handed the gate first: the hand-over stands.
        await using (cancellationToken.Register(() => Withdraw(node, cancellationToken)))
        {
            await waiter.Task;
        }

        return new Leave(this);
    }

    private void Withdraw(LinkedListNode<TaskCompletionSource> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is { } queue)
            {
                queue.Remove(node);
                node.Value.TrySetCanceled(cancellationToken);
            }
        }
    }

    // The gate passes straight to the next writer: a message or reaction first, then a bulk write.
    private void Release()
    {
        lock (_lock)
        {
            var next = _hot.First ?? _bulk.First;
            if (next is null)
            {
                _held = false;
                return;
            }

            next.List!.Remove(next);
            next.Value.TrySetResult();
        }
    }

    // Writers still waiting when the app stops are let go with a cancellation, as the database's own calls would be.
    public void Dispose()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var waiter in _hot.Concat(_bulk))
            {
                waiter.TrySetCanceled();
            }

            _hot.Clear();
            _bulk.Clear();
        }
    }

    private sealed class Leave(SqliteWriteGate gate) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

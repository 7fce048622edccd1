using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Data;

/// <summary>
/// Queues this process's hot write transactions (messages, reactions) when the database is SQLite. SQLite has one
/// writer at a time, and Microsoft.Data.Sqlite answers a busy database by sleeping 150 ms before it tries again: two
/// senders at the same moment made one of them, and every reader of the room, wait that long. Here they wait for each
/// other in memory instead. On PostgreSQL row locks order writers, and the gate lets everything through.
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly CancellationTokenSource _closing = new();

    /// <summary>Enters the gate for a write on <paramref name="db"/>; dispose the result to leave.</summary>
    /// <exception cref="OperationCanceledException">The app is stopping (or the caller gave up): no write starts.</exception>
    public async ValueTask<IDisposable?> EnterAsync(LetsChatDb db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        if (cancellationToken.CanBeCanceled)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
            await _writer.WaitAsync(either.Token);
        }
        else
        {
            await _writer.WaitAsync(_closing.Token);
        }

        return new Leave(_writer);
    }

    // Writers still waiting when the app stops are let go with a cancellation, as the database's own calls would be.
    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
    }

    private sealed class Leave(SemaphoreSlim writer) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                writer.Release();
            }
        }
    }
}

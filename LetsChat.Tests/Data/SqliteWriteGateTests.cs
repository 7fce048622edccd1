using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Data;

/// <summary>The SQLite write gate: one writer at a time, messages before an upload's chunks, and nobody left waiting.</summary>
public sealed class SqliteWriteGateTests
{
    private static SqliteLetsChatDb Sqlite() => new(new DbContextOptionsBuilder<SqliteLetsChatDb>().UseSqlite("Data Source=:memory:").Options);

    [Fact]
    public async Task A_waiting_message_goes_before_every_waiting_bulk_write_and_each_enters_alone()
    {
        using var gate = new SqliteWriteGate();
        await using var db = Sqlite();
        var order = new List<string>();
        var first = await gate.EnterAsync(db, default, bulk: true);

        // Each is queued by the time its call returns: the gate is held, so every one of them waits.
        var chunks = Enumerable.Range(1, 3).Select(i => RecordAsync(gate, db, order, $"chunk {i}", bulk: true)).ToList();
        var message = RecordAsync(gate, db, order, "message", bulk: false);
        chunks.Append(message).ShouldAllBe(t => !t.IsCompleted);
        first!.Dispose();
        await Task.WhenAll([.. chunks, message]);

        order[0].ShouldBe("message");
        order.Skip(1).ShouldBe(["chunk 1", "chunk 2", "chunk 3"], ignoreOrder: true);
    }

    private static async Task RecordAsync(SqliteWriteGate gate, LetsChatDb db, List<string> order, string who, bool bulk)
    {
        using (await gate.EnterAsync(db, default, bulk))
        {
            lock (order)
            {
                order.Add(who);
            }
        }
    }

    [Fact]
    public async Task A_writer_that_gives_up_leaves_the_queue_and_stopping_lets_every_waiter_go()
    {
        var gate = new SqliteWriteGate();
        await using var db = Sqlite();
        var held = await gate.EnterAsync(db, default);
        using var giveUp = new CancellationTokenSource();
        var impatient = gate.EnterAsync(db, giveUp.Token).AsTask();
        var patient = gate.EnterAsync(db, default, bulk: true).AsTask();

        await giveUp.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(impatient);
        held!.Dispose();
        (await patient).ShouldNotBeNull().Dispose(); // the impatient one is not in its way

        var again = await gate.EnterAsync(db, default);
        var waiting = gate.EnterAsync(db, default).AsTask();
        gate.Dispose();
        await Should.ThrowAsync<OperationCanceledException>(waiting);
        await Should.ThrowAsync<OperationCanceledException>(gate.EnterAsync(db, default).AsTask());
        again!.Dispose();
    }
}

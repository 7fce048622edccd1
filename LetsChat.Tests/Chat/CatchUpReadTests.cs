using System.Data.Common;
using System.Diagnostics;
using LetsChat.Components.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Events;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LetsChat.Tests.Chat;

/// <summary>
/// Circuits catching up on a room share one read of the store, but a circuit that turned a message away is never
/// handed a read that began before that message was stored: it would skip the message for good.
/// </summary>
public sealed class CatchUpReadTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "letschat-tests", $"{Guid.NewGuid():N}.db");
    private LetsChatApp _app = default!;

    public ValueTask InitializeAsync()
    {
        _app = new LetsChatApp(sqliteFile: _file);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_catch_up_asked_after_a_message_was_stored_finds_it_though_an_earlier_read_is_still_running()
    {
        var ada = await _app.CreateUserAsync("Ada");
        var store = _app.Services.GetRequiredService<MessageStore>();
        var (first, _) = await store.AppendAsync(Room.PublicRoomId, ada.Id, Guid.NewGuid(), "first", DateTimeOffset.UtcNow, default);
        var hold = new FirstReadHold();
        using var feed = new RoomFeed(
            _app.Services.GetRequiredService<IEventBus>(),
            _app.Services.GetRequiredService<DeliveryLanes>(),
            new MessageStore(new HeldFactory(new DbContextOptionsBuilder<SqliteLetsChatDb>().UseSqlite($"Data Source={_file}").AddInterceptors(hold).Options)),
            _app.Services.GetRequiredService<RoomAccess>(),
            _app.Services.GetRequiredService<ILogger<RoomFeed>>(),
            TimeProvider.System);

        var early = feed.MissedAsync(Room.PublicRoomId, 0);
        await hold.Reading.WaitAsync(TimeSpan.FromSeconds(30));
        var (second, _) = await store.AppendAsync(Room.PublicRoomId, ada.Id, Guid.NewGuid(), "second", DateTimeOffset.UtcNow, default);
        var late = feed.MissedAsync(Room.PublicRoomId, 0, notBefore: Stopwatch.GetTimestamp());
        hold.Release();

        (await early).Select(m => m.Id).ShouldBe([first.Id]); // its snapshot is older than the second message
        (await late).Select(m => m.Id).ShouldBe([first.Id, second.Id]);
    }

    // Holds the first read of messages once the database has begun it (its snapshot taken) until the test lets it go.
    private sealed class FirstReadHold : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        public Task Reading => _reading.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("\"Messages\"", StringComparison.Ordinal) && Interlocked.Exchange(ref _held, 1) == 0)
            {
                _reading.TrySetResult();
                await _released.Task;
            }

            return result;
        }
    }

    private sealed class HeldFactory(DbContextOptions<SqliteLetsChatDb> options) : IDbContextFactory<LetsChatDb>
    {
        public LetsChatDb CreateDbContext() => new SqliteLetsChatDb(options);
    }
}

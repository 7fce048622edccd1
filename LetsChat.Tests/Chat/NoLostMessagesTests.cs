using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Chat;

/// <summary>
/// Twenty clients send 2,000 messages, retrying with the same client id whatever happens, while the server is
/// stopped and started again on the same database: exactly 2,000 are stored, in one gap-free sequence, and every
/// client that opens the room afterwards sees exactly that.
/// </summary>
public sealed class NoLostMessagesTests : IAsyncLifetime
{
    private const int Clients = 20;
    private const int MessagesEach = 100;
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), "letschat-tests", $"restart-{Guid.NewGuid():N}.db");
    private volatile LetsChatApp _server = default!;
    private readonly TaskCompletionSource _restarted = new();

    public ValueTask InitializeAsync()
    {
        _server = new LetsChatApp(sqliteFile: _databaseFile);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        foreach (var file in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Two_thousand_messages_from_twenty_retrying_clients_survive_a_server_restart_exactly_once()
    {
        var users = new List<LetsChat.Server.Identity.User>();
        for (var i = 0; i < Clients; i++)
        {
            users.Add(await _server.CreateUserAsync($"Client {i:00}"));
        }

        var stored = 0;
        var retries = 0;
        var clients = users.Select(user => Task.Run(async () =>
        {
            LetsChatApp? circuitServer = null;
            CircuitScope? circuit = null;
            for (var n = 0; n < MessagesEach; n++)
            {
                var clientId = Guid.NewGuid();
                while (true)
                {
                    try
                    {
                        if (!ReferenceEquals(circuitServer, _server))
                        {
                            circuitServer = _server;
                            circuit = circuitServer.OpenCircuit(user); // a new circuit after the server came back
                        }

                        var result = await circuit!.Get<IChatService>().SendAsync(Room.PublicRoomId, clientId, $"{user.DisplayName} #{n}");
                        if (result.Succeeded)
                        {
                            Interlocked.Increment(ref stored);
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or InvalidOperationException)
                    {
                        // The server went away mid-send: wait for it to come back, then send the same message again.
                    }

                    Interlocked.Increment(ref retries);
                    await _restarted.Task.WaitAsync(TimeSpan.FromSeconds(60));
                }
            }
        })).ToList();

        await Eventually.HoldsAsync(() => Volatile.Read(ref stored) >= 700, "a third of the messages are stored", TimeSpan.FromSeconds(60));
        var storedBeforeRestart = Volatile.Read(ref stored);
        var stopping = _server;
        await stopping.DisposeAsync();
        _server = new LetsChatApp(sqliteFile: _databaseFile);
        _ = _server.ServerAddress; // started, migrations applied
        _restarted.SetResult();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromMinutes(3));
        storedBeforeRestart.ShouldBeLessThan(Clients * MessagesEach); // the restart really came in the middle of the sending

        await using var db = await _server.CreateDbAsync();
        var sequences = await db.Messages.OrderBy(m => m.Sequence).Select(m => m.Sequence).ToListAsync();
        sequences.ShouldBe(Enumerable.Range(1, Clients * MessagesEach).Select(i => (long)i));
        (await db.Messages.Select(m => new { m.AuthorId, m.Body }).Distinct().CountAsync()).ShouldBe(Clients * MessagesEach);

        // Every client's view, read afresh the way a screen pages back through the room, equals the database.
        foreach (var user in users.Take(3))
        {
            await using var reader = _server.OpenCircuit(user);
            var chat = reader.Get<IChatService>();
            var view = new List<long>();
            var join = await chat.JoinRoomAsync(null, _ => Task.CompletedTask);
            view.AddRange(join.Value!.Latest.Select(m => m.Sequence));
            while (view[0] > 1)
            {
                view.InsertRange(0, (await chat.LoadOlderAsync(Room.PublicRoomId, view[0])).Messages.Select(m => m.Sequence));
            }

            view.ShouldBe(sequences);
        }
    }
}

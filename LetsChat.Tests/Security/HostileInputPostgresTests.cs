using LetsChat.Components.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Security;

/// <summary>PostgreSQL refuses NUL and lone surrogates that SQLite takes: the same corpus must store and read back there too.</summary>
public sealed class HostileInputPostgresTests(PostgresServer postgres) : IAsyncLifetime
{
    private LetsChatApp _app = default!;

    public async ValueTask InitializeAsync() => _app = new LetsChatApp(postgresConnectionString: await postgres.CreateDatabaseAsync());

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Hostile_message_bodies_store_and_read_back_on_PostgreSQL()
    {
        await using var circuit = _app.OpenCircuit(await _app.CreateUserAsync("Mallory\0\uD800"));
        var chat = circuit.Get<IChatService>();
        var sent = 0;

        foreach (var text in HostileInputTests.Corpus(1_500))
        {
            var result = await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), text);
            (result.Succeeded || result.Message.Length > 0).ShouldBeTrue();
            result.Message.ShouldNotBe(LetsChat.Server.Chat.ChatService.SaveFailed);
            sent += result.Succeeded ? 1 : 0;
        }

        await using var db = await _app.CreateDbAsync();
        (await db.Messages.CountAsync()).ShouldBe(sent);
        (await db.Messages.Select(m => m.Body).ToListAsync()).ShouldAllBe(body => !body.Contains('\0'));
    }
}

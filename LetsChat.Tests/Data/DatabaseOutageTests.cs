using System.Net;
using LetsChat.Components.Chat;
using LetsChat.Server.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Data;

/// <summary>A PostgreSQL server of this test's own goes down and comes back: the site says so clearly, stays up, and recovers.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();
    private LetsChatApp _app = default!;

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _app = new LetsChatApp(postgresConnectionString: await _postgres.CreateDatabaseAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task With_the_database_down_a_send_is_refused_clearly_health_says_unhealthy_and_all_recovers_after()
    {
        await using var circuit = _app.OpenCircuit(await _app.CreateUserAsync("Alice"));
        var chat = circuit.Get<IChatService>();
        using var http = _app.CreateBrowserLikeClient();
        (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "before the outage")).Sent.ShouldBeTrue();
        var retried = Guid.NewGuid();

        await _postgres.StopAsync();
        var duringOutage = await chat.SendAsync(Room.PublicRoomId, retried, "during the outage");
        var health = await http.GetAsync("/health");
        var page = await http.GetAsync("/");

        duringOutage.Sent.ShouldBeFalse();
        duringOutage.Refusal.ShouldBe(ChatService.SaveFailed);
        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        page.StatusCode.ShouldBe(HttpStatusCode.OK); // the landing page needs no database

        await _postgres.StartAsync();
        await Eventually.HoldsAsync(async () => (await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK, "health recovers", TimeSpan.FromSeconds(30));
        var retry = await chat.SendAsync(Room.PublicRoomId, retried, "during the outage");

        retry.Sent.ShouldBeTrue();
        await using var db = await _app.CreateDbAsync();
        (await db.Messages.OrderBy(m => m.Sequence).Select(m => m.Body).ToListAsync()).ShouldBe(["before the outage", "during the outage"]);
    }
}

using LetsChat.Components.Friends;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Friends;

/// <summary>The queries behind a decline's hold (two request lists joined in one) on PostgreSQL as well as SQLite.</summary>
public sealed class DeclineHoldPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_declined_request_still_looks_sent_to_its_sender_on_postgres()
    {
        await using var app = new LetsChatApp(postgresConnectionString: await postgres.CreateDatabaseAsync());
        await using var circuits = new CircuitPool(app);
        var alice = await app.CreateUserAsync("Alice");
        var bob = await app.CreateUserAsync("Bob");
        await circuits.Get<IFriendService>(alice).SendRequestAsync(bob.Id);
        var request = (await circuits.Get<IFriendService>(bob).GetRequestsAsync()).Incoming.Single();

        await circuits.Get<IFriendService>(bob).DeclineAsync(request.RequestId);

        (await circuits.Get<IFriendService>(alice).GetRequestsAsync()).Outgoing.Single().RequestId.ShouldBe(request.RequestId);
        (await circuits.Get<IFriendService>(alice).SearchAsync("Bob")).People.Single().Relationship.ShouldBe(Relationship.RequestSent);
        (await circuits.Get<IFriendService>(bob).GetRequestsAsync()).Incoming.ShouldBeEmpty();
    }
}

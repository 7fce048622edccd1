using System.Net;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Notifications;
using LetsChat.Components.Profiles;
using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Server.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using LetsChat.Components.Shared;

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
        (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "before the outage")).Succeeded.ShouldBeTrue();
        var retried = Guid.NewGuid();

        await _postgres.StopAsync();
        var duringOutage = await chat.SendAsync(Room.PublicRoomId, retried, "during the outage");
        var health = await http.GetAsync("/health");
        var page = await http.GetAsync("/");

        duringOutage.Succeeded.ShouldBeFalse();
        duringOutage.Message.ShouldBe(ChatService.SaveFailed);
        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        page.StatusCode.ShouldBe(HttpStatusCode.OK); // the landing page needs no database

        await _postgres.StartAsync();
        await Eventually.HoldsAsync(async () => (await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK, "health recovers", TimeSpan.FromSeconds(30));
        var retry = await chat.SendAsync(Room.PublicRoomId, retried, "during the outage");

        retry.Succeeded.ShouldBeTrue();
        await using var db = await _app.CreateDbAsync();
        (await db.Messages.OrderBy(m => m.Sequence).Select(m => m.Body).ToListAsync()).ShouldBe(["before the outage", "during the outage"]);
    }

    [Fact]
    public async Task With_the_database_down_every_friend_room_profile_and_notification_change_is_refused_readably_and_works_after()
    {
        await using var circuits = new CircuitPool(_app);
        var alice = await _app.CreateUserAsync("Alice");
        var bob = await _app.CreateUserAsync("Bob");
        var carol = await _app.CreateUserAsync("Carol");
        var roomId = await _app.CreateGroupAsync(circuits, alice, bob);
        (await circuits.Get<IFriendService>(carol).SendRequestAsync(alice.Id)).Succeeded.ShouldBeTrue();
        var requestId = (await circuits.Get<IFriendService>(alice).GetRequestsAsync()).Incoming.Single().RequestId;
        var notificationId = (await circuits.Get<INotificationService>(alice).GetPageAsync()).Notifications.Single().Id;
        var friends = circuits.Get<IFriendService>(alice);
        var rooms = circuits.Get<IRoomService>(alice);
        var profiles = circuits.Get<IProfileService>(alice);
        var inbox = circuits.Get<INotificationService>(alice);
        var roomNotifications = circuits.Get<IRoomNotificationSettings>(alice);

        await _postgres.StopAsync();
        var refusals = new Dictionary<string, (bool Succeeded, string Message)>
        {
            ["send a request"] = Of(await friends.SendRequestAsync(carol.Id)),
            ["accept"] = Of(await friends.AcceptAsync(requestId)),
            ["decline"] = Of(await friends.DeclineAsync(requestId)),
            ["cancel"] = Of(await friends.CancelAsync(requestId)),
            ["unfriend"] = Of(await friends.UnfriendAsync(bob.Id)),
            ["block"] = Of(await friends.BlockAsync(bob.Id)),
            ["unblock"] = Of(await friends.UnblockAsync(bob.Id)),
            ["create a room"] = Of(await rooms.CreateAsync("Book club", null)),
            ["add a member"] = Of(await rooms.AddMemberAsync(roomId, carol.Id)),
            ["remove a member"] = Of(await rooms.RemoveMemberAsync(roomId, bob.Id)),
            ["leave"] = Of(await rooms.LeaveAsync(roomId)),
            ["rename"] = Of(await rooms.RenameAsync(roomId, "Reading group", null)),
            ["hand over"] = Of(await rooms.TransferOwnershipAsync(roomId, bob.Id)),
            ["delete a room"] = Of(await rooms.DeleteAsync(roomId)),
            ["room notifications"] = Of(await roomNotifications.SetLevelAsync(roomId, NotificationLevel.Nothing)),
            ["save the profile"] = Of(await profiles.UpdateAsync(new ProfileUpdate("Alice B.", alice.Handle, false))),
            ["mark one read"] = Of(await inbox.MarkReadAsync(notificationId)),
            ["mark all read"] = Of(await inbox.MarkAllReadAsync()),
        };
        await _postgres.StartAsync();

        refusals.Where(r => r.Value != (false, DatabaseOutage.TryAgain)).Select(r => r.Key).ShouldBeEmpty();
        await Eventually.HoldsAsync(async () => (await rooms.RenameAsync(roomId, "Reading group", null)).Succeeded, "a change goes through once the database is back", TimeSpan.FromSeconds(30));
        (await friends.AcceptAsync(requestId)).Succeeded.ShouldBeTrue();
        (await inbox.MarkAllReadAsync()).Succeeded.ShouldBeTrue();
        (await profiles.UpdateAsync(new ProfileUpdate("Alice B.", alice.Handle, false))).Succeeded.ShouldBeTrue();
    }

    private static (bool, string) Of(Outcome result) => (result.Succeeded, result.Message);

    private static (bool, string) Of(Outcome<long?> result) => (result.Succeeded, result.Message);
}

using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Chat;

/// <summary>The public room through the real host's services, each user in a scope set up as one circuit.</summary>
public sealed class ChatServiceTests : HostTest
{

    [Fact]
    public async Task A_message_from_one_user_reaches_another_users_live_subscription()
    {
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        await using var aliceCircuit = App.OpenCircuit(alice);
        await using var bobCircuit = App.OpenCircuit(bob);
        var seenByBob = new ConcurrentQueue<ChatMessage>();
        var join = await bobCircuit.Get<IChatService>().JoinRoomAsync(null, events =>
        {
            foreach (var posted in events.OfType<MessagePosted>())
            {
                seenByBob.Enqueue(posted.Message);
            }

            return Task.CompletedTask;
        });
        join.Value.ShouldNotBeNull();
        join.Value.Room.Kind.ShouldBe(RoomKind.Public);

        var sent = await aliceCircuit.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "  Hello, Bob!  ");

        sent.Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => !seenByBob.IsEmpty, "Bob sees Alice's message");
        var message = seenByBob.Single();
        message.Body.ShouldBe("Hello, Bob!");
        message.AuthorName.ShouldBe("Alice");
        message.AuthorId.ShouldBe(alice.Id);
        message.Sequence.ShouldBe(1);
    }

    [Fact]
    public async Task Opening_the_room_shows_the_latest_fifty_messages_oldest_first()
    {
        var alice = await App.CreateUserAsync("Alice");
        await using var circuit = App.OpenCircuit(alice);
        var chat = circuit.Get<IChatService>();
        for (var i = 1; i <= 60; i++)
        {
            (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), $"message {i}")).Succeeded.ShouldBeTrue();
        }

        await using var reader = App.OpenCircuit(await App.CreateUserAsync("Reader"));
        var join = await reader.Get<IChatService>().JoinRoomAsync(null, _ => Task.CompletedTask);

        join.Value!.Latest.Select(m => m.Body).ShouldBe(Enumerable.Range(11, 50).Select(i => $"message {i}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    [InlineData(null)]
    public async Task An_empty_body_is_refused_and_nothing_is_stored(string? body)
    {
        await using var circuit = App.OpenCircuit(await App.CreateUserAsync("Alice"));

        var result = await circuit.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), body);

        result.Succeeded.ShouldBeFalse();
        result.Message.ShouldBe("Write something before sending.");
        await AssertStoredCountAsync(0);
    }

    [Fact]
    public async Task A_body_over_4000_characters_is_refused_and_one_of_exactly_4000_is_stored()
    {
        await using var circuit = App.OpenCircuit(await App.CreateUserAsync("Alice"));
        var chat = circuit.Get<IChatService>();

        var tooLong = await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), new string('a', 4001));
        var longest = await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "  " + new string('b', 4000) + "  ");

        tooLong.Succeeded.ShouldBeFalse();
        tooLong.Message.ShouldContain("4,000");
        longest.Succeeded.ShouldBeTrue();
        longest.Value!.Body.Length.ShouldBe(4000);
        await AssertStoredCountAsync(1);
    }

    [Fact]
    public async Task Sending_again_with_the_same_client_id_stores_and_delivers_the_message_once()
    {
        await using var circuit = App.OpenCircuit(await App.CreateUserAsync("Alice"));
        var chat = circuit.Get<IChatService>();
        var delivered = new ConcurrentQueue<ChatMessage>();
        await chat.JoinRoomAsync(null, events =>
        {
            foreach (var posted in events.OfType<MessagePosted>())
            {
                delivered.Enqueue(posted.Message);
            }

            return Task.CompletedTask;
        });
        var clientId = Guid.NewGuid();

        var first = await chat.SendAsync(Room.PublicRoomId, clientId, "only once");
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => chat.SendAsync(Room.PublicRoomId, clientId, "only once")));
        var marker = await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "after");

        again.ShouldAllBe(r => r.Value!.Id == first.Value!.Id);
        await Eventually.HoldsAsync(() => delivered.Any(m => m.Id == marker.Value!.Id), "the marker message arrives");
        delivered.Select(m => m.Body).ShouldBe(["only once", "after"]);
        await AssertStoredCountAsync(2);
    }

    [Fact]
    public async Task Html_and_script_in_a_body_are_stored_as_the_text_that_was_typed()
    {
        await using var circuit = App.OpenCircuit(await App.CreateUserAsync("Mallory"));
        const string body = "<script>alert('x')</script><img src=x onerror=alert(1)>";

        var result = await circuit.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), body);

        result.Value!.Body.ShouldBe(body);
    }

    [Fact]
    public async Task A_visitor_who_is_not_signed_in_can_neither_read_nor_send()
    {
        await using var anonymous = App.OpenCircuit(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()));
        var chat = anonymous.Get<IChatService>();

        (await chat.JoinRoomAsync(null, _ => Task.CompletedTask)).Value.ShouldBeNull();
        (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "hi")).Message.ShouldBe("Please sign in to send messages.");
        await AssertStoredCountAsync(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(999_999)]
    [InlineData(long.MaxValue)]
    public async Task A_forged_room_id_is_refused(long roomId)
    {
        await using var circuit = App.OpenCircuit(await App.CreateUserAsync("Alice"));
        var chat = circuit.Get<IChatService>();

        (await chat.SendAsync(roomId, Guid.NewGuid(), "hi")).Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
        (await chat.JoinRoomAsync(roomId, _ => Task.CompletedTask)).Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
        await AssertStoredCountAsync(0);
    }

    [Fact]
    public async Task A_private_room_of_others_is_closed_to_a_third_user()
    {
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        var eve = await App.CreateUserAsync("Eve");
        long roomId;
        await using (var db = await App.CreateDbAsync())
        {
            var room = new Room { Kind = RoomKind.Private, Name = "Alice & Bob", CreatedAt = DateTimeOffset.UtcNow, LastActivityAt = DateTimeOffset.UtcNow };
            db.Rooms.Add(room);
            await db.SaveChangesAsync();
            db.RoomMembers.AddRange(new RoomMember { RoomId = room.Id, UserId = alice.Id }, new RoomMember { RoomId = room.Id, UserId = bob.Id });
            await db.SaveChangesAsync();
            roomId = room.Id;
        }

        await using var aliceCircuit = App.OpenCircuit(alice);
        await using var eveCircuit = App.OpenCircuit(eve);

        (await aliceCircuit.Get<IChatService>().SendAsync(roomId, Guid.NewGuid(), "just us")).Succeeded.ShouldBeTrue();
        (await eveCircuit.Get<IChatService>().SendAsync(roomId, Guid.NewGuid(), "let me in")).Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
        var eveJoin = await eveCircuit.Get<IChatService>().JoinRoomAsync(roomId, _ => Task.CompletedTask);
        eveJoin.Value.ShouldBeNull();
        eveJoin.Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
    }

    [Fact]
    public async Task A_slow_circuit_never_holds_up_the_sender_and_then_catches_up_on_every_message_in_order()
    {
        var slowReader = await App.CreateUserAsync("Slow");
        await using var slowCircuit = App.OpenCircuit(slowReader);
        var gate = new TaskCompletionSource();
        var received = new ConcurrentQueue<long>();
        await slowCircuit.Get<IChatService>().JoinRoomAsync(null, async events =>
        {
            await gate.Task; // a circuit that cannot render right now
            foreach (var posted in events.OfType<MessagePosted>())
            {
                received.Enqueue(posted.Message.Sequence);
            }
        });
        await using var sender = App.OpenCircuit(await App.CreateUserAsync("Sender"));

        for (var i = 0; i < 30; i++)
        {
            (await sender.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), $"m{i}")).Succeeded.ShouldBeTrue();
        }

        received.ShouldBeEmpty();
        gate.SetResult();
        await Eventually.HoldsAsync(() => received.Count == 30, "the slow circuit has all 30 messages");
        received.ShouldBe(Enumerable.Range(1, 30).Select(i => (long)i));
    }

    [Fact]
    public async Task Closing_the_circuit_ends_its_subscriptions()
    {
        var feed = (RoomFeed)App.Services.GetService(typeof(RoomFeed))!;
        var circuit = App.OpenCircuit(await App.CreateUserAsync("Alice"));
        await circuit.Get<IChatService>().JoinRoomAsync(null, _ => Task.CompletedTask);
        feed.SubscriberCount(Room.PublicRoomId).ShouldBe(1);

        await circuit.DisposeAsync();

        feed.SubscriberCount(Room.PublicRoomId).ShouldBe(0);
    }

    private async Task AssertStoredCountAsync(int expected)
    {
        await using var db = await App.CreateDbAsync();
        (await db.Messages.CountAsync()).ShouldBe(expected);
    }
}

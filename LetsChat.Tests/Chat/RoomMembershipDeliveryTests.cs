using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat;

/// <summary>
/// Membership is part of delivery, not one event: a member removed while opening the room, or whose removal never
/// reached this instance, receives no message of the room after it.
/// </summary>
public sealed class RoomMembershipDeliveryTests : IAsyncLifetime
{
    private readonly HookedEventBus _bus = new();
    private readonly LetsChatApp _app;
    private readonly CircuitPool _circuits;
    private User _owner = default!;
    private User _bob = default!;
    private long _roomId;

    public RoomMembershipDeliveryTests()
    {
        _app = new LetsChatApp { TestServices = services => services.AddSingleton<IEventBus>(sp => _bus.Over(sp)) };
        _circuits = new CircuitPool(_app);
    }

    public async ValueTask InitializeAsync()
    {
        _owner = await _app.CreateUserAsync("Olivia");
        _bob = await _app.CreateUserAsync("Bob");
        _roomId = await _app.CreateGroupAsync(_circuits, _owner, _bob);
    }

    public async ValueTask DisposeAsync()
    {
        await _circuits.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_member_removed_while_the_room_opens_is_refused()
    {
        // The removal lands after the membership check and before the subscription is in place, and its event is
        // published while nobody here listens to the room yet.
        _bus.BeforeSubscribing = topic =>
        {
            if (topic == EventTopics.Room(_roomId))
            {
                RemoveWithoutTellingAsync(_bob).GetAwaiter().GetResult();
                _bus.Inner.PublishAsync<RoomEvent>(topic, new MemberRemoved(_roomId, _bob.Id, "removed")).AsTask().GetAwaiter().GetResult();
            }
        };

        var join = await _circuits.Get<IChatService>(_bob).JoinRoomAsync(_roomId, _ => Task.CompletedTask);

        join.Value.ShouldBeNull();
        join.Message.ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);
    }

    [Fact]
    public async Task A_member_whose_removal_was_lost_gets_no_message_once_the_feed_reads_the_store()
    {
        var seenByBob = new ConcurrentQueue<RoomEvent>();
        var join = await _circuits.Get<IChatService>(_bob).JoinRoomAsync(_roomId, events => Collect.Into(events, seenByBob));
        join.Value.ShouldNotBeNull();

        await RemoveWithoutTellingAsync(_bob);
        // Stored without an event, so the next one arrives after a gap that the subscription fills from the store.
        await _app.Services.GetRequiredService<MessageStore>().AppendAsync(_roomId, _owner.Id, Guid.NewGuid(), "not for Bob", DateTimeOffset.UtcNow, default);
        (await _circuits.Get<IChatService>(_owner).SendAsync(_roomId, Guid.NewGuid(), "not for Bob either")).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(() => seenByBob.OfType<MemberRemoved>().Any(r => r.UserId == _bob.Id), "Bob's screen is told he is no longer a member");
        seenByBob.OfType<MemberRemoved>().Single().Reason.ShouldBe(RoomSubscription.NoLongerMember);
        seenByBob.OfType<MessagePosted>().ShouldBeEmpty();
        _app.Services.GetRequiredService<RoomFeed>().SubscriberCount(_roomId).ShouldBe(0);
    }

    [Fact]
    public async Task A_circuit_holds_a_bounded_number_of_open_rooms_however_often_it_switches()
    {
        var chat = _circuits.Get<IChatService>(_bob);
        for (var i = 0; i < 20; i++)
        {
            // A screen that never closes what it opened: the oldest rooms are closed for it.
            (await chat.JoinRoomAsync(i % 2 == 0 ? _roomId : Room.PublicRoomId, _ => Task.CompletedTask)).Value.ShouldNotBeNull();
        }

        var feed = _app.Services.GetRequiredService<RoomFeed>();
        (feed.SubscriberCount(_roomId) + feed.SubscriberCount(Room.PublicRoomId)).ShouldBe(ChatService.MaxOpenRooms);
    }

    private async Task RemoveWithoutTellingAsync(User member)
    {
        await using var db = await _app.CreateDbAsync();
        await db.RoomMembers.Where(m => m.RoomId == _roomId && m.UserId == member.Id).ExecuteDeleteAsync();
    }
}

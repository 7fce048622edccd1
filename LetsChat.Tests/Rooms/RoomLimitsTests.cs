using LetsChat.Components.Rooms;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Rooms;

/// <summary>Group rooms have a size, and people a number of rooms, that nobody goes past.</summary>
public sealed class RoomLimitsTests : IAsyncLifetime
{
    private readonly LetsChatApp _app = new(new Dictionary<string, string?>
    {
        ["LetsChat:Rooms:MaxMembers"] = "3",
        ["LetsChat:Rooms:MaxRoomsPerUser"] = "2",
    });

    private CircuitPool _circuits = default!;

    public ValueTask InitializeAsync()
    {
        _circuits = new CircuitPool(_app);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _circuits.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_room_takes_at_most_its_members_and_a_person_at_most_their_rooms()
    {
        var owner = await _app.CreateUserAsync("Olivia");
        var friends = new[] { await _app.CreateUserAsync("Ann"), await _app.CreateUserAsync("Ben"), await _app.CreateUserAsync("Cid") };
        var roomId = await _app.CreateGroupAsync(_circuits, owner, friends[0], friends[1]);
        var rooms = _circuits.Get<IRoomService>(owner);
        await _app.MakeFriendsAsync(owner, friends[2]);

        (await rooms.AddMemberAsync(roomId, friends[2].Id)).Message.ShouldBe(RoomLimits.RoomFull(3));
        (await rooms.CreateAsync("Second", null)).Succeeded.ShouldBeTrue();
        (await rooms.CreateAsync("Third", null)).Message.ShouldBe(RoomLimits.TooManyRooms(2));

        var annsOwn = (await _circuits.Get<IRoomService>(friends[0]).CreateAsync("Ann's", null)).Value!.Value;
        (await _circuits.Get<IRoomService>(friends[0]).AddMemberAsync(annsOwn, owner.Id)).Message.ShouldBe(RoomLimits.OtherInTooManyRooms("Olivia", 2));
    }
}

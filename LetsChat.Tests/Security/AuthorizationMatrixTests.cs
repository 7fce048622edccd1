using System.Security.Claims;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Security;

/// <summary>
/// Every id-taking action on a private room's message, by everyone who could try it: the author, the other member,
/// a stranger, someone the author blocked, an unfriended ex-member, and a visitor who is not signed in.
/// </summary>
public sealed class AuthorizationMatrixTests : HostTest
{
    private readonly List<CircuitScope> _circuits = [];
    private readonly Dictionary<string, IChatService> _as = [];
    private readonly Dictionary<string, IRoomList> _roomListOf = [];
    private long _roomId;
    private long _messageId;
    private long _unfriendedRoomId;

    public override async ValueTask InitializeAsync()
    {
        var author = await App.CreateUserAsync("Author");
        var member = await App.CreateUserAsync("Member");
        var stranger = await App.CreateUserAsync("Stranger");
        var blocked = await App.CreateUserAsync("Blocked");
        var exFriend = await App.CreateUserAsync("ExFriend");
        foreach (var (name, user) in new[] { ("author", author), ("member", member), ("stranger", stranger), ("blocked", blocked), ("unfriended", exFriend) })
        {
            var circuit = App.OpenCircuit(user);
            _circuits.Add(circuit);
            _as[name] = circuit.Get<IChatService>();
            _roomListOf[name] = circuit.Get<IRoomList>();
        }

        var anonymous = App.OpenCircuit(new ClaimsPrincipal(new ClaimsIdentity()));
        _circuits.Add(anonymous);
        _as["anonymous"] = anonymous.Get<IChatService>();
        _roomListOf["anonymous"] = anonymous.Get<IRoomList>();

        await Befriend(author, member);
        await Befriend(author, blocked);
        await Befriend(author, exFriend);
        var authorFriends = _circuits[0].Get<IFriendService>();
        var rooms = await _circuits[0].Get<IPresenceQuery>().GetFriendsAsync();
        _roomId = rooms.Single(f => f.DisplayName == "Member").PrivateRoomId;
        _unfriendedRoomId = rooms.Single(f => f.DisplayName == "ExFriend").PrivateRoomId;
        _messageId = (await _as["author"].SendAsync(_roomId, Guid.NewGuid(), "the original")).Value!.Id;
        await _as["author"].SendAsync(_unfriendedRoomId, Guid.NewGuid(), "old history");
        await authorFriends.BlockAsync(blocked.Id);
        await authorFriends.UnfriendAsync(exFriend.Id);

        async Task Befriend(LetsChat.Server.Identity.User one, LetsChat.Server.Identity.User other)
        {
            await using var a = App.OpenCircuit(one);
            await using var b = App.OpenCircuit(other);
            await a.Get<IFriendService>().SendRequestAsync(other.Id);
            await b.Get<IFriendService>().SendRequestAsync(one.Id);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var circuit in _circuits)
        {
            await circuit.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Theory]
    // who,         read,  send,  edit,  delete
    [InlineData("author", true, true, true, true)]
    [InlineData("member", true, true, false, false)]
    [InlineData("stranger", false, false, false, false)]
    [InlineData("blocked", false, false, false, false)]
    [InlineData("unfriended", false, false, false, false)]
    [InlineData("anonymous", false, false, false, false)]
    public async Task Each_action_on_a_private_room_is_allowed_exactly_to_who_may_do_it(string who, bool read, bool send, bool edit, bool delete)
    {
        var chat = _as[who];

        ((await chat.JoinRoomAsync(_roomId, _ => Task.CompletedTask)).Value is not null).ShouldBe(read);
        ((await chat.LoadOlderAsync(_roomId, long.MaxValue)).Messages.Count > 0).ShouldBe(read);
        (await chat.SendAsync(_roomId, Guid.NewGuid(), $"from {who}")).Succeeded.ShouldBe(send);
        (await chat.EditAsync(_messageId, $"edited by {who}")).Succeeded.ShouldBe(edit);
        (await chat.DeleteAsync(_messageId)).Succeeded.ShouldBe(delete);
        (await _roomListOf[who].GetRoomsAsync()).Any(r => r.Id == _roomId).ShouldBe(read);

        await using var db = await App.CreateDbAsync();
        var original = await db.Messages.SingleAsync(m => m.Id == _messageId);
        (original.DeletedAt is not null).ShouldBe(delete);
        (await db.Messages.AnyAsync(m => m.Body == $"from {who}")).ShouldBe(send);
    }

    [Fact]
    public async Task After_an_unfriend_both_keep_the_history_and_neither_can_write()
    {
        foreach (var who in new[] { "author", "unfriended" })
        {
            var join = await _as[who].JoinRoomAsync(_unfriendedRoomId, _ => Task.CompletedTask);
            join.Value!.Latest.Single().Body.ShouldBe("old history");
            join.Value.Room.CanWrite.ShouldBeFalse();
            (await _as[who].SendAsync(_unfriendedRoomId, Guid.NewGuid(), "still there?")).Succeeded.ShouldBeFalse();
        }
    }
}

using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Rooms;

/// <summary>The room list in the drawer, on the real host's services as one signed-in circuit.</summary>
public sealed class RoomNavigationTests : ComponentTest, IAsyncLifetime
{
    private readonly LetsChatApp _app = new();
    private readonly CircuitPool _pool;

    public RoomNavigationTests() => _pool = new CircuitPool(_app);
    private User _me = default!;
    private User _zoe = default!;
    private User _adam = default!;

    public async ValueTask InitializeAsync()
    {
        _me = await _app.CreateUserAsync("Me");
        _zoe = await _app.CreateUserAsync("Zoe");
        _adam = await _app.CreateUserAsync("Adam");
        await _app.CreateUserAsync("Stranger");
        foreach (var friend in new[] { _zoe, _adam })
        {
            await Open(_me).Get<IFriendService>().SendRequestAsync(friend.Id);
            await Open(friend).Get<IFriendService>().SendRequestAsync(_me.Id);
        }

        var mine = Open(_me);
        Services.AddSingleton(mine.Get<IRoomList>());
        Services.AddSingleton(mine.Get<IUserFeed>());
        Services.AddSingleton(mine.Get<LetsChat.Components.Admin.IModeratorStatus>());
        Services.AddSingleton(TimeProvider.System);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _pool.DisposeAsync();

        await _app.DisposeAsync();
    }

    [Fact]
    public void Lists_the_public_room_first_then_a_private_room_per_friend_named_after_them()
    {
        var nav = Render<RoomNavigation>();

        nav.WaitForAssertion(() => nav.FindAll(".room-link").Count.ShouldBe(3));
        nav.Find("nav").GetAttribute("aria-label").ShouldBe("Rooms");
        var names = nav.FindAll(".room-link .room-name").Select(n => n.TextContent).ToList();
        names[0].ShouldBe("Public room");
        names.Skip(1).OrderBy(n => n).ShouldBe(["Adam", "Zoe"]);
        nav.Markup.ShouldNotContain("Stranger");
        // In a room link the friend's status is part of its description, not of its name.
        nav.FindAll(".room-link").Skip(1).Select(l => StatusOf(nav, l)).ShouldBe(["offline", "offline"]);
    }

    [Fact]
    public async Task A_new_message_moves_its_room_up_with_its_preview_and_unread_count_and_a_status_change_shows_live()
    {
        var nav = Render<RoomNavigation>();
        nav.WaitForAssertion(() => nav.FindAll(".room-link").Count.ShouldBe(3));
        var zoeRoom = (await Open(_zoe).Get<IRoomList>().GetRoomsAsync()).Single(r => r.Kind == RoomKind.Private).Id;

        await Open(_zoe).Get<IChatService>().SendAsync(zoeRoom, Guid.NewGuid(), "are you there?");
        _app.Services.GetRequiredService<PresenceService>().CircuitOpened(_zoe.Id, "zoe-tab", new UserCircuit());

        nav.WaitForAssertion(() =>
        {
            var links = nav.FindAll(".room-link");
            links[1].QuerySelector(".room-name")!.TextContent.ShouldBe("Zoe");
            links[1].QuerySelector(".room-preview")!.TextContent.ShouldBe("are you there? · 1 unread");
            links[1].QuerySelector(".unread-badge")!.TextContent.ShouldBe("1");
            StatusOf(nav, links[1]).ShouldBe("online");
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Reading_the_room_in_another_tab_clears_its_unread_count_here()
    {
        var zoeRoom = (await Open(_zoe).Get<IRoomList>().GetRoomsAsync()).Single(r => r.Kind == RoomKind.Private).Id;
        await Open(_zoe).Get<IChatService>().SendAsync(zoeRoom, Guid.NewGuid(), "one");
        var nav = Render<RoomNavigation>();
        nav.WaitForAssertion(() => nav.FindAll(".unread-badge").Count.ShouldBe(1));

        await Open(_me, newTab: true).Get<IChatService>().MarkReadAsync(zoeRoom, 1);

        nav.WaitForAssertion(() => nav.FindAll(".unread-badge").ShouldBeEmpty(), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Rooms_that_cannot_be_read_say_so_in_place_of_the_list_keep_the_people_links_and_load_on_try_again()
    {
        var rooms = new UnreadableRoomList(Open(_me).Get<IRoomList>());
        Services.AddSingleton<IRoomList>(rooms);

        var nav = Render<RoomNavigation>();

        nav.WaitForAssertion(() => nav.Find("[role=alert]").TextContent.ShouldContain("Your rooms could not be loaded."));
        nav.FindAll(".room-link").ShouldBeEmpty();
        nav.FindAll(".people-links a").Select(a => a.TextContent).ShouldBe(["Friends", "All notifications"]);

        rooms.Readable = true;
        nav.Find("[role=alert] button").Click();

        nav.WaitForAssertion(() => nav.FindAll(".room-link").Count.ShouldBe(3));
        nav.FindAll("[role=alert]").ShouldBeEmpty();
    }

    /// <summary>The reader's room list while the database does not answer, until <see cref="Readable"/>.</summary>
    private sealed class UnreadableRoomList(IRoomList rooms) : IRoomList
    {
        public bool Readable { get; set; }

        public Task<IReadOnlyList<RoomSummary>> GetRoomsAsync(CancellationToken cancellationToken = default) =>
            Readable ? rooms.GetRoomsAsync(cancellationToken) : throw new TimeoutException("The database did not answer.");
    }

    private CircuitScope Open(User user, bool newTab = false) => _pool.For(user, newTab);

    // The text of the element the link's aria-describedby names after its preview: the friend's status.
    private static string StatusOf(IRenderedComponent<RoomNavigation> nav, AngleSharp.Dom.IElement link) =>
        nav.Find("#" + link.GetAttribute("aria-describedby")!.Split(' ')[1]).TextContent;
}

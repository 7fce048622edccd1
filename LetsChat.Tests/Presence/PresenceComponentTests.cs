using Bunit;
using LetsChat.Components.Friends;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Presence;

public sealed class PresenceDotTests : ComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_online_friend_has_a_dot_named_online()
    {
        var dot = Render<PresenceDot>(p => p.Add(d => d.IsOnline, true).Add(d => d.Now, Now));

        var element = dot.Find("[role=img]");
        element.GetAttribute("aria-label").ShouldBe("online");
        element.ClassList.ShouldContain("online");
        element.GetAttribute("title").ShouldBe("Online");
    }

    [Theory]
    [InlineData(0.5, "Offline, last seen just now")]
    [InlineData(5, "Offline, last seen 5 min ago")]
    [InlineData(180, "Offline, last seen 3 h ago")]
    public void An_offline_friend_has_a_dot_named_offline_with_last_seen_in_its_title(double minutesAgo, string title)
    {
        var dot = Render<PresenceDot>(p => p.Add(d => d.IsOnline, false).Add(d => d.LastSeenAt, Now.AddMinutes(-minutesAgo)).Add(d => d.Now, Now));

        var element = dot.Find("[role=img]");
        element.GetAttribute("aria-label").ShouldBe("offline");
        element.GetAttribute("title").ShouldBe(title);
    }

    [Fact]
    public void An_offline_friend_never_seen_is_just_offline() =>
        Render<PresenceDot>(p => p.Add(d => d.IsOnline, false)).Find("[role=img]").GetAttribute("title").ShouldBe("Offline");
}

/// <summary>The friend list in the drawer, on the real host's services as one signed-in circuit.</summary>
public sealed class FriendListTests : ComponentTest, IAsyncLifetime
{
    private readonly LetsChatApp _app = new();
    private CircuitScope _circuit = default!;
    private PresenceService _presence = default!;
    private (long Zoe, long Adam) _friends;

    public async ValueTask InitializeAsync()
    {
        var me = await _app.CreateUserAsync("Me");
        var zoe = await _app.CreateUserAsync("Zoe");
        var adam = await _app.CreateUserAsync("Adam");
        await _app.CreateUserAsync("Stranger");
        await _app.MakeFriendsAsync(me, zoe);
        await _app.MakeFriendsAsync(me, adam);
        _friends = (zoe.Id, adam.Id);
        _circuit = _app.OpenCircuit(me);
        _presence = _app.Services.GetRequiredService<PresenceService>();
        Services.AddSingleton(_circuit.Get<IPresenceQuery>());
        Services.AddSingleton(_circuit.Get<IUserFeed>());
        Services.AddSingleton(TimeProvider.System);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _circuit.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public void Lists_only_friends_with_their_status()
    {
        var list = Render<FriendList>();

        list.WaitForAssertion(() => list.FindAll(".friend-item").Count.ShouldBe(2));
        list.FindAll(".friend-name").Select(n => n.TextContent).ShouldBe(["Adam", "Zoe"]);
        list.FindAll("[role=img]").Select(d => d.GetAttribute("aria-label")).ShouldBe(["offline", "offline"]);
        list.Markup.ShouldNotContain("Stranger");
    }

    [Fact]
    public void A_friend_coming_online_turns_their_dot_green_and_moves_them_first_without_a_reload()
    {
        var list = Render<FriendList>();
        list.WaitForAssertion(() => list.FindAll(".friend-item").Count.ShouldBe(2));

        _presence.CircuitOpened(_friends.Zoe, "zoe-tab", new UserCircuit());

        list.WaitForAssertion(() =>
        {
            list.FindAll(".friend-name").Select(n => n.TextContent).ShouldBe(["Zoe", "Adam"]);
            list.FindAll("[role=img]").Select(d => d.GetAttribute("aria-label")).ShouldBe(["online", "offline"]);
            list.Find("#friends-heading").TextContent.ShouldBe("Friends · 1 online");
        }, TimeSpan.FromSeconds(10));
    }
}

using Bunit;
using LetsChat.Components.Friends;
using LetsChat.Components.Notifications;
using LetsChat.Components.Presence;
using LetsChat.Components.Shared;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LetsChat.Tests.Notifications;

/// <summary>The bell and the friends page, rendered with bUnit on the real host's services of one signed-in circuit.</summary>
public sealed class NotificationBellTests : ComponentTest, IAsyncLifetime
{
    private readonly LetsChatApp _app = new();
    private CircuitScope _myCircuit = default!;
    private CircuitScope _aliceCircuit = default!;
    private User _me = default!;

    public async ValueTask InitializeAsync()
    {
        _me = await _app.CreateUserAsync("Me");
        _myCircuit = _app.OpenCircuit(_me);
        _aliceCircuit = _app.OpenCircuit(await _app.CreateUserAsync("Alice"));
        Services.AddSingleton(_myCircuit.Get<INotificationService>());
        Services.AddSingleton(_myCircuit.Get<IUserFeed>());
        Services.AddSingleton(_myCircuit.Get<IFriendService>());
        Services.AddSingleton(_myCircuit.Get<IPresenceQuery>());
        Services.AddSingleton(TimeProvider.System);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _myCircuit.DisposeAsync();
        await _aliceCircuit.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_badge_counts_a_new_request_the_moment_it_is_sent_and_clears_on_mark_all_read()
    {
        var bell = Render<NotificationBell>();
        bell.FindAll(".bell-badge").ShouldBeEmpty();
        bell.Find("button[aria-label=Notifications]").ShouldNotBeNull();

        (await _aliceCircuit.Get<IFriendService>().SendRequestAsync(_me.Id)).Succeeded.ShouldBeTrue();

        bell.WaitForAssertion(() => bell.Find(".bell-badge").TextContent.ShouldBe("1"), TimeSpan.FromSeconds(10));
        bell.Find("button[aria-haspopup=dialog]").GetAttribute("aria-label").ShouldBe("Notifications, 1 unread");
        await _myCircuit.Get<INotificationService>().MarkAllReadAsync();
        bell.WaitForAssertion(() => bell.FindAll(".bell-badge").ShouldBeEmpty(), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Opening_the_bell_lists_recent_notifications_with_mark_all_read()
    {
        await _aliceCircuit.Get<IFriendService>().SendRequestAsync(_me.Id);
        var bell = Render<NotificationBell>();
        bell.WaitForAssertion(() => bell.Find(".bell-badge").TextContent.ShouldBe("1"));

        await bell.Find("button[aria-label='Notifications, 1 unread']").ClickAsync(new());

        bell.WaitForAssertion(() =>
        {
            var panel = bell.Find("[role=dialog][aria-label='Recent notifications']");
            panel.QuerySelector(".notification-item.unread")!.TextContent.ShouldContain("Alice sent you a friend request");
            panel.QuerySelectorAll("button").Any(b => b.TextContent.Trim() == "Mark all read").ShouldBeTrue();
        });
        bell.Find("button[aria-haspopup=dialog]").GetAttribute("aria-expanded").ShouldBe("true");
    }

    [Fact]
    public async Task The_friends_page_finds_a_person_and_sends_them_a_request()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var page = Render<FriendsPage>();

        page.Find("#find-people").Input("ali");
        page.WaitForAssertion(() => page.Find("[aria-label='Search results']").TextContent.ShouldContain("Alice"), TimeSpan.FromSeconds(10));
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "Add friend").ClickAsync(new());

        page.WaitForAssertion(() =>
        {
            page.FindAll("button").Any(b => b.TextContent.Trim() == "Cancel request").ShouldBeTrue();
            page.Find("[aria-label='Sent requests']").TextContent.ShouldContain("Alice");
        }, TimeSpan.FromSeconds(10));
        (await _aliceCircuit.Get<IFriendService>().GetRequestsAsync()).Incoming.Single().Person.DisplayName.ShouldBe("Me");
    }
}

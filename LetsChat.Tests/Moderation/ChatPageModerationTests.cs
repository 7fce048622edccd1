using System.Security.Claims;
using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Moderation;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Moderation;

/// <summary>Moderation as a room's page shows it: the slow-mode hint, a held message's notice, and the room's settings.</summary>
public sealed class ChatPageModerationTests : ComponentTest
{
    private const long Me = 1;
    private const long RoomId = 3;
    private readonly FakeModeration _moderation = new();
    private FakeRoom _room = default!;

    public ChatPageModerationTests()
    {
        Services.AddSingleton<IModeration>(_moderation);
        var me = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Me.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, "Me")], "test"));
        Services.AddCascadingValue(_ => Task.FromResult(new AuthenticationState(me)));
        Services.AddSingleton<IRoomService>(new FakeRoomMembers(new RoomMembers(RoomId, "Book club", null, YouOwnIt: true,
            [new RoomMemberView(Me, "Me", "me", null, IsOwner: true, IsOnline: true), new RoomMemberView(2, "Ada", "ada", null, IsOwner: false, IsOnline: null)])));
    }

    private IRenderedComponent<ChatPage> Open(RoomInfo room)
    {
        _room = new FakeRoom(room, [new ChatMessage(1, room.Id, 1, 2, "Ada", null, "hello", DateTimeOffset.UtcNow, AuthorHandle: "ada")]);
        Services.AddSingleton<IChatService>(_room);
        Services.AddSingleton<IReactionService>(_room);
        Services.AddSingleton<IMentionService>(_room);
        Services.AddSingleton<IRoomNotificationSettings>(_room);
        var page = Render<ChatPage>(p => p.Add(c => c.RoomId, room.Id));
        page.WaitForAssertion(() => page.Find("textarea[aria-label=Message]"));
        return page;
    }

    [Fact]
    public async Task A_slowed_member_sees_the_pace_under_the_composer_and_a_change_at_once()
    {
        var page = Open(new RoomInfo(RoomId, RoomKind.Group, "Book club", CanWrite: true, SlowModeSeconds: 30));

        page.Find(".composer-hint").TextContent.ShouldBe("Slow mode: one message every 30 seconds per person.");

        await page.InvokeAsync(() => _room.PublishAsync(new RoomModerationChanged(RoomId, 60)));
        page.WaitForAssertion(() => page.Find(".composer-hint").TextContent.ShouldBe("Slow mode: one message a minute per person."));

        await page.InvokeAsync(() => _room.PublishAsync(new RoomModerationChanged(RoomId, 0)));
        page.WaitForAssertion(() => page.FindAll(".composer-hint").ShouldBeEmpty());
    }

    [Fact]
    public void Whoever_may_moderate_the_room_is_not_slowed_and_told_nothing()
    {
        var page = Open(new RoomInfo(1, RoomKind.Public, "Public room", CanWrite: true, CanModerate: true, SlowModeSeconds: 30));

        page.FindAll(".composer-hint").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_held_message_leaves_no_pending_row_and_the_composer_says_it_waits_for_review()
    {
        var page = Open(new RoomInfo(1, RoomKind.Public, "Public room", CanWrite: true));
        _room.NextSend = _ => Outcome.Done<ChatMessage>(HeldForReview.Notice);

        page.Find("textarea[aria-label=Message]").Input("buy cheap pills");
        await page.Find("form.composer").SubmitAsync();

        _room.Sent.ShouldBe(["buy cheap pills"]);
        page.WaitForAssertion(() => page.Find(".composer [role=status]").TextContent.ShouldBe(HeldForReview.Notice));
        page.FindAll("article.pending").ShouldBeEmpty();
        page.FindAll("[role=alert]").ShouldBeEmpty();

        _room.NextSend = null;
        page.Find("textarea[aria-label=Message]").Input("sorry, wrong room");
        await page.Find("form.composer").SubmitAsync();

        page.WaitForAssertion(() => page.FindAll(".composer-held").ShouldBeEmpty());
    }

    [Fact]
    public void The_owner_opens_the_rooms_settings_from_its_header()
    {
        _moderation.RoomSettings[RoomId] = new RoomModerationSettings(RoomId, RoomKind.Group, 0, ModeratorsAllowed: false, CanChangeModeratorsAllowed: true);
        _moderation.Queues[QueueScope.Room(RoomId)] = ModerationItems.Empty;
        var page = Open(new RoomInfo(RoomId, RoomKind.Group, "Book club", CanWrite: true, CanModerate: true, IsOwner: true));
        page.FindAll("#slow-mode").ShouldBeEmpty();

        var settings = page.FindAll(".room-header button").Single(b => b.TextContent.Trim() == "Room settings");
        settings.Click();

        page.Find("label[for=slow-mode]").TextContent.ShouldBe("Slow mode");
        page.Find("[role=switch]").ShouldNotBeNull();
        page.FindAll(".room-header button").Single(b => b.TextContent.Trim() == "Room settings").GetAttribute("aria-expanded").ShouldBe("true");
    }

    [Fact]
    public void A_member_who_may_change_nothing_gets_no_Room_settings_button()
    {
        var page = Open(new RoomInfo(RoomId, RoomKind.Group, "Book club", CanWrite: true));

        page.FindAll(".room-header button").Select(b => b.TextContent.Trim()).ShouldNotContain("Room settings");
    }
}

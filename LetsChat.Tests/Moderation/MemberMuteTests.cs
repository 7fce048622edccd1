using Bunit;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LetsChat.Tests.Moderation;

/// <summary>A group room's owner mutes a member from the members panel, for as long as they choose.</summary>
public sealed class MemberMuteTests : ComponentTest
{
    private readonly FakeModeration _moderation = new();

    public MemberMuteTests() => Services.AddSingleton<IModeration>(_moderation);

    private IRenderedComponent<RoomMembersPanel> RenderPanel(bool youOwnIt)
    {
        var members = new RoomMembers(3, "Book club", null, youOwnIt,
            [new RoomMemberView(1, "Me", "me", null, IsOwner: youOwnIt, IsOnline: true), new RoomMemberView(2, "Ada", "ada", null, IsOwner: !youOwnIt, IsOnline: null), new RoomMemberView(4, "Cy", "cy", null, false, null)]);
        Services.AddSingleton<IRoomService>(new FakeRoomMembers(members));
        return Render<RoomMembersPanel>(p => p.Add(m => m.Members, members));
    }

    [Fact]
    public void The_owner_mutes_a_member_for_the_chosen_time_and_is_told_how_it_went()
    {
        var panel = RenderPanel(youOwnIt: true);
        panel.FindAll("select").Select(s => s.GetAttribute("aria-label")).ShouldBe(["Mute Ada for", "Mute Cy for"]);

        panel.Find("select[aria-label='Mute Cy for']").Change("3");
        panel.FindAll("li").Single(li => li.TextContent.Contains("Cy", StringComparison.Ordinal)).QuerySelectorAll("button")
            .Single(b => b.TextContent.Trim() == "Mute member").Click();

        _moderation.Calls.ShouldBe(["Mute member 3 4 7.00:00:00"]);
        Services.GetRequiredService<ISnackbar>().ShownSnackbars.Single().Message.ShouldBe("Done by the fake.");
    }

    [Fact]
    public void A_member_who_does_not_own_the_room_mutes_nobody()
    {
        var panel = RenderPanel(youOwnIt: false);

        panel.FindAll("select").ShouldBeEmpty();
        panel.Markup.ShouldNotContain("Mute member");
    }
}

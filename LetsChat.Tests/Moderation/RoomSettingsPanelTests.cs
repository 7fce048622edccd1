using Bunit;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Moderation;

/// <summary>A room's settings: slow mode for whoever may set it, the moderators' switch for a group's owner, and the group's own queue.</summary>
public sealed class RoomSettingsPanelTests : ComponentTest
{
    private readonly FakeModeration _moderation = new();

    public RoomSettingsPanelTests() => Services.AddSingleton<IModeration>(_moderation);

    private IRenderedComponent<RoomSettingsPanel> RenderPanel(RoomModerationSettings settings) =>
        Render<RoomSettingsPanel>(p => p.Add(s => s.Settings, settings));

    [Fact]
    public void An_owner_sets_slow_mode_lets_moderators_in_and_sees_the_rooms_reports()
    {
        _moderation.Queues[QueueScope.Room(3)] = ModerationItems.Empty;
        var panel = RenderPanel(new RoomModerationSettings(3, RoomKind.Group, 0, ModeratorsAllowed: false, CanChangeModeratorsAllowed: true));

        panel.Find("label[for=slow-mode]").TextContent.ShouldBe("Slow mode");
        panel.FindAll("#slow-mode option").Select(o => o.TextContent).ShouldBe(SlowMode.Choices.Select(SlowMode.Label));
        panel.Find("[role=switch]").Closest("label")!.TextContent.Trim().ShouldBe("Let moderators review reports here");
        panel.Markup.ShouldContain("Moderators can then read this room's messages around a reported one");
        panel.Find("section.report-queue h3").TextContent.ShouldBe("Reports");

        panel.Find("#slow-mode").Change("30");
        panel.Find("[role=status]").TextContent.ShouldBe("Done by the fake.");
        panel.Find("[role=switch]").Change(true);

        _moderation.Calls.ShouldBe(["Slow mode 3 30", "Moderators allowed 3 True"]);
        panel.Find("[role=switch]").HasAttribute("checked").ShouldBeTrue();
    }

    [Fact]
    public void A_moderator_in_the_public_room_gets_slow_mode_alone()
    {
        var panel = RenderPanel(new RoomModerationSettings(1, RoomKind.Public, 60, ModeratorsAllowed: true, CanChangeModeratorsAllowed: false));

        panel.Find("#slow-mode").GetAttribute("value").ShouldBe("60");
        panel.FindAll("[role=switch]").ShouldBeEmpty();
        panel.FindAll("section.report-queue").ShouldBeEmpty();
    }

    [Fact]
    public void A_refused_change_shows_an_alert_and_keeps_the_pace_in_force()
    {
        _moderation.NextResult = Outcome.Refused("Only the room's owner can do that.");
        var panel = RenderPanel(new RoomModerationSettings(3, RoomKind.Group, 10, ModeratorsAllowed: false, CanChangeModeratorsAllowed: true));

        panel.Find("#slow-mode").Change("300");

        panel.Find("[role=alert]").TextContent.ShouldBe("Only the room's owner can do that.");
        panel.Find("#slow-mode").GetAttribute("value").ShouldBe("10");
    }

    [Fact]
    public void A_pace_the_choices_lack_is_still_shown_as_it_is()
    {
        var panel = RenderPanel(new RoomModerationSettings(1, RoomKind.Public, 45, ModeratorsAllowed: true, CanChangeModeratorsAllowed: false));

        panel.FindAll("#slow-mode option").Select(o => o.TextContent).ShouldContain("45 seconds");
        panel.Find("#slow-mode").GetAttribute("value").ShouldBe("45");
    }

    [Fact]
    public void Close_asks_the_room_to_close_it()
    {
        var closed = 0;
        var panel = Render<RoomSettingsPanel>(p => p.Add(s => s.Settings, new RoomModerationSettings(1, RoomKind.Public, 0, true, false)).Add(s => s.OnClose, () => closed++));

        panel.Find("button[aria-label='Close room settings']").Click();

        closed.ShouldBe(1);
    }
}

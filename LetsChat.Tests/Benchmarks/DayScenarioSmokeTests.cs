using LetsChat.Benchmarks.Load;
using LetsChat.Benchmarks.Scenarios;

namespace LetsChat.Tests.Benchmarks;

/// <summary>
/// The day at smoke size: tabs on every kind of room, messages, reactions, typing and comers at once. Every message
/// must reach every tab showing its room once and no other tab, and every friend's status change must reach every tab
/// of each friend, or the published day would count deliveries that never happened. Counts only, no timings.
/// </summary>
public sealed class DayScenarioSmokeTests
{
    [Fact]
    public async Task Every_message_reaches_the_tabs_on_its_room_once_and_no_other_and_friends_see_every_status_change()
    {
        var result = await DayScenario.MeasureAsync(DaySize.Quick, _ => { }, TestContext.Current.CancellationToken);

        result.Opened.ShouldBe(DaySize.Quick.Tabs);
        result.Dropped.ShouldBe(0);
        result.Kinds.Select(k => k.Kind).ShouldBe([DayRoomKind.Public, DayRoomKind.Group, DayRoomKind.Private]);
        foreach (var kind in result.Kinds)
        {
            kind.Messages.ShouldBeGreaterThan(0, $"{kind.Kind} rooms were spoken in");
            kind.Expected.ShouldBeGreaterThan(0, $"{kind.Kind} messages had an audience");
            kind.Delivered.ShouldBe(kind.Expected, $"every {kind.Kind} message reached every tab on its room");
            kind.Lost.ShouldBe(0);
            kind.NotStored.ShouldBe(0, $"the server stored every {kind.Kind} message sent");
            kind.Duplicated.ShouldBe(0);
            kind.Misdelivered.ShouldBe(0, $"no {kind.Kind} message was shown in a tab on another room");
        }

        result.Status.Owed.ShouldBeGreaterThan(0);
        result.Status.Seen.ShouldBe(result.Status.Owed, "every friend's tab saw every coming and going");
        result.Status.Unowed.ShouldBe(0);
        result.Activity.FailedActions.ShouldBe(0);
        result.Activity.FailedPages.ShouldBe(0);
        result.Activity.Reactions.ShouldBeGreaterThan(0);
        result.Activity.ComerVisits.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void The_plan_gives_everyone_one_to_five_tabs_a_friend_and_only_their_own_rooms()
    {
        var plan = DayPlan.Make(tabs: 2000, publicTabs: 200, groups: 20, smallestGroup: 10, largestGroup: 50, comers: 10, friendsPerComer: 5);

        plan.Tabs.Count.ShouldBe(2000);
        plan.TabsPerUser.Sum().ShouldBe(2000);
        plan.TabsPerUser.ShouldAllBe(n => n >= 1 && n <= 5);
        plan.Tabs.Count(t => t.Room?.Kind == DayRoomKind.Public).ShouldBe(200);
        var groups = plan.Rooms.Where(r => r.Kind == DayRoomKind.Group).ToList();
        groups.Count.ShouldBe(20);
        groups.ShouldAllBe(g => g.Members.Count >= 10 && g.Members.Count <= 50 && g.Members.Distinct().Count() == g.Members.Count);
        var friends = plan.Rooms.Where(r => r.Kind == DayRoomKind.Private).SelectMany(r => r.Members).ToHashSet();
        friends.Count.ShouldBe(plan.Users, "everyone has a friend");
        plan.Tabs.Where(t => t.Room is { Kind: not DayRoomKind.Public }).ShouldAllBe(t => t.Room!.Members.Contains(t.User));
        plan.ComerFriends.ShouldAllBe(f => f.Count == 5);
    }
}

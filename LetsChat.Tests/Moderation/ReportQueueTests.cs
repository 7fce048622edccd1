using AngleSharp.Dom;
using Bunit;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Moderation;

/// <summary>The moderation queue against a fake service: what each item shows, which buttons it offers, and what they ask for.</summary>
public sealed class ReportQueueTests : ComponentTest
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly QueueActions All = new(CanRemove: true, CanMute: true, CanBan: true);
    private readonly FakeModeration _moderation = new();

    public ReportQueueTests() => Services.AddSingleton<IModeration>(_moderation);

    private static ReportLine Line(long id, string reporter, ReportReason reason, string? details, TimeSpan ago) =>
        new(id, reporter, reporter.ToLowerInvariant(), reason, details, Now - ago);

    private static ReportedMessage PublicMessage(QueueActions? actions = null) => new(
        42, 1, RoomKind.Public, "Public room", 17, 2, "Ada", "ada",
        [
            new ContextLine(40, "Bob", Now.AddMinutes(-9), "what do you sell?", IsReported: false, IsDeleted: false),
            new ContextLine(41, "Cy", Now.AddMinutes(-8), "", IsReported: false, IsDeleted: true),
            new ContextLine(42, "Ada", Now.AddMinutes(-7), "buy cheap pills", IsReported: true, IsDeleted: false),
        ],
        AttachedText: null, IsRemoved: false,
        [Line(1, "Bob", ReportReason.Spam, "third time today", TimeSpan.FromMinutes(5))],
        actions ?? All);

    private static ReportedMessage PrivateMessage(string? attached) => new(
        77, 9, RoomKind.Private, "Eve", 3, 5, "Eve", "eve", [], attached, false,
        [Line(2, "Dan", ReportReason.Harassment, null, TimeSpan.FromMinutes(1))],
        new QueueActions(CanRemove: false, CanMute: false, CanBan: true));

    private IRenderedComponent<ReportQueue> RenderQueue(QueueScope scope, ModerationItems items)
    {
        _moderation.Queues[scope] = items;
        return Render<ReportQueue>(p => p.Add(q => q.Scope, scope));
    }

    [Fact]
    public void A_region_named_Reports_counts_what_is_open_and_shows_each_reported_message_newest_first_with_its_context()
    {
        var queue = RenderQueue(QueueScope.Site, new ModerationItems([PublicMessage(), PrivateMessage(null)], [], []));

        var region = queue.Find("section");
        queue.Find("#" + region.GetAttribute("aria-labelledby")).TextContent.ShouldBe("Reports");
        queue.Find("h2").TextContent.ShouldBe("Reports · 2 open");
        var articles = queue.FindAll("article");
        articles.Select(a => a.GetAttribute("aria-label")).ShouldBe(["Report about Eve's message", "Report about Ada's message"]);

        var ada = articles[1];
        ada.TextContent.ShouldContain("Public room");
        ada.QuerySelector("li.reported")!.TextContent.ShouldContain("buy cheap pills");
        ada.QuerySelector("li.reported")!.TextContent.ShouldContain("Reported message:");
        ada.QuerySelectorAll(".report-context li")[1].TextContent.ShouldContain("Removed");
        ada.QuerySelector(".report-lines")!.TextContent.ShouldContain("Bob");
        ada.QuerySelector(".report-lines")!.TextContent.ShouldContain("Spam");
        ada.QuerySelector(".report-lines")!.TextContent.ShouldContain("“third time today”");
        ada.QuerySelector(".report-lines")!.TextContent.ShouldContain("5 min ago");
        ada.QuerySelector("a.report-open")!.GetAttribute("href").ShouldBe("/chat/1/m/17");

        var eve = articles[0];
        eve.TextContent.ShouldContain("Not attached: this message is in a private conversation.");
        eve.QuerySelectorAll("a.report-open").ShouldBeEmpty(); // a moderator may not read that room
    }

    [Fact]
    public void An_attached_message_is_shown_as_the_reporter_shared_it()
    {
        var queue = RenderQueue(QueueScope.Site, new ModerationItems([PrivateMessage("you will regret this")], [], []));

        queue.Find("article .report-attached blockquote").TextContent.ShouldBe("you will regret this");
        queue.Find("article").TextContent.ShouldNotContain("Not attached");
    }

    [Fact]
    public void Each_item_offers_only_the_buttons_its_actions_allow()
    {
        var queue = RenderQueue(QueueScope.Site, new ModerationItems(
            [PublicMessage(), PrivateMessage(null) with { MessageId = 78, Actions = new QueueActions(false, false, false) }],
            [new ReportedPerson(9, "Mallory", "mallory", [Line(3, "Bob", ReportReason.Other, "fake profile", TimeSpan.FromHours(2))], new QueueActions(false, false, true))],
            [new HeldMessageView(5, 1, "Public room", 2, "Ada", "visit spamsite", "spamsite", Now)]));

        Buttons(Article(queue, "Report about Ada's message")).ShouldBe(["Remove message", "Mute author", "Ban author", "Dismiss"]);
        Buttons(Article(queue, "Report about Eve's message")).ShouldBe(["Dismiss"]);
        Buttons(Article(queue, "Report about Mallory")).ShouldBe(["Ban", "Dismiss"]);
        var held = Article(queue, "Held message from Ada");
        Buttons(held).ShouldBe(["Approve", "Reject"]);
        held.QuerySelector("blockquote")!.TextContent.ShouldBe("visit spamsite");
        held.QuerySelector("mark")!.TextContent.ShouldBe("spamsite");
        Article(queue, "Report about Ada's message").QuerySelectorAll("select").Select(s => s.GetAttribute("aria-label")).ShouldBe(["Mute Ada for", "Ban Ada for"]);
        Article(queue, "Report about Ada's message").QuerySelectorAll("select option").Select(o => o.TextContent)
            .ShouldBe(["10 minutes", "1 hour", "1 day", "1 week", "1 day", "1 week", "30 days", "Permanent"]);
    }

    [Fact]
    public void Mute_and_ban_use_the_chosen_lengths_and_the_reason_and_each_outcome_is_shown()
    {
        var queue = RenderQueue(QueueScope.Site, new ModerationItems([PublicMessage()], [], []));

        Article(queue, "Report about Ada's message").QuerySelector("input[aria-label=Reason]")!.Change("spamming links");
        queue.Find("select[aria-label='Mute Ada for']").Change("2");
        Click(queue, "Report about Ada's message", "Mute author");
        queue.Find("[role=status]").TextContent.ShouldBe("Done by the fake.");

        queue.Find("select[aria-label='Ban Ada for']").Change("3");
        Click(queue, "Report about Ada's message", "Ban author");
        queue.Find("[role=group]").TextContent.ShouldContain("Ban Ada permanently?");
        Click(queue, "Report about Ada's message", "Confirm ban");

        _moderation.NextResult = Outcome.Refused("That message was removed already.");
        Click(queue, "Report about Ada's message", "Remove message");

        _moderation.Calls.ShouldBe(["Mute author 42 1.00:00:00 spamming links", "Ban 2 permanently spamming links", "Remove 42 spamming links"]);
        queue.Find("[role=alert]").TextContent.ShouldBe("That message was removed already.");
    }

    [Fact]
    public void Dismiss_approve_reject_and_a_persons_ban_call_what_they_say()
    {
        var queue = RenderQueue(QueueScope.Site, new ModerationItems(
            [PublicMessage()],
            [new ReportedPerson(9, "Mallory", "mallory", [Line(3, "Bob", ReportReason.Other, "fake profile", TimeSpan.FromHours(2))], All)],
            [new HeldMessageView(5, 1, "Public room", 2, "Ada", "visit spamsite", "spamsite", Now)]));

        Click(queue, "Report about Ada's message", "Dismiss");
        Click(queue, "Report about Mallory", "Ban");
        Click(queue, "Report about Mallory", "Confirm ban");
        Click(queue, "Report about Mallory", "Dismiss");
        Click(queue, "Held message from Ada", "Approve");
        Click(queue, "Held message from Ada", "Reject");

        _moderation.Calls.ShouldBe(["Dismiss message 42", "Ban 9 1.00:00:00", "Dismiss person 9", "Approve 5", "Reject 5"]);
    }

    [Fact]
    public async Task A_change_elsewhere_refreshes_the_queue_and_an_empty_one_says_so()
    {
        var queue = RenderQueue(QueueScope.Site, new ModerationItems([PublicMessage()], [], []));
        queue.FindAll("article").Count.ShouldBe(1);

        await queue.InvokeAsync(() => _moderation.ChangeAsync(QueueScope.Site, ModerationItems.Empty));

        queue.WaitForAssertion(() => queue.FindAll("article").ShouldBeEmpty());
        queue.Find("h2").TextContent.ShouldBe("Reports");
        queue.Find(".empty-state-inline").TextContent.ShouldBe("Nothing to review.");
    }

    [Fact]
    public async Task A_rooms_queue_links_into_its_room_follows_that_room_alone_and_stops_following_when_gone()
    {
        var scope = QueueScope.Room(3);
        var queue = RenderQueue(scope, new ModerationItems([PublicMessage() with { RoomId = 3, RoomKind = RoomKind.Group, Context = [] }], [], []));

        queue.Find("a.report-open").GetAttribute("href").ShouldBe("/chat/3/m/17");
        _moderation.WatchersOf(scope).ShouldBe(1);
        _moderation.WatchersOf(QueueScope.Site).ShouldBe(0);

        await DisposeComponentsAsync();

        _moderation.WatchersOf(scope).ShouldBe(0);
    }

    [Fact]
    public void Nothing_shows_to_someone_who_may_not_see_the_queue()
    {
        var queue = Render<ReportQueue>(p => p.Add(q => q.Scope, QueueScope.Room(8)));

        queue.Markup.Trim().ShouldBeEmpty();
    }

    private static IElement Article(IRenderedComponent<ReportQueue> queue, string name) =>
        queue.FindAll("article").Single(a => a.GetAttribute("aria-label") == name);

    private static List<string> Buttons(IElement article) => article.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).ToList();

    private static void Click(IRenderedComponent<ReportQueue> queue, string article, string button) =>
        Article(queue, article).QuerySelectorAll("button").Single(b => b.TextContent.Trim() == button).Click();
}

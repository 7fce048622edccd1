using System.Collections.Concurrent;
using System.Security.Claims;
using LetsChat.Components.Chat;
using LetsChat.Server.Chat;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Chat;

/// <summary>The read-only public room for visitors, through the real host, with a circuit nobody is signed in to.</summary>
public sealed class PublicRoomReaderTests
{
    private static readonly ClaimsPrincipal Visitor = new(new ClaimsIdentity());

    [Fact]
    public async Task A_visitor_reads_the_public_room_and_its_new_messages_live_but_cannot_write()
    {
        await using var app = new LetsChatApp();
        var alice = await app.CreateUserAsync("Alice");
        await using var aliceCircuit = app.OpenCircuit(alice);
        var chat = aliceCircuit.Get<IChatService>();
        await chat.SendAsync(1, Guid.NewGuid(), "before");
        await using var visitor = app.OpenCircuit(Visitor);
        var received = new ConcurrentQueue<RoomEvent>();

        var join = await visitor.Get<IPublicRoomReader>().OpenAsync(events =>
        {
            foreach (var e in events)
            {
                received.Enqueue(e);
            }

            return Task.CompletedTask;
        });
        await chat.SendAsync(1, Guid.NewGuid(), "after");

        join.Value.ShouldNotBeNull();
        join.Value.Room.CanWrite.ShouldBeFalse();
        join.Value.Latest.Select(m => m.Body).ShouldBe(["before"]);
        await Eventually.HoldsAsync(() => received.OfType<MessagePosted>().Any(p => p.Message.Body == "after"), "the visitor sees the new message");
        (await visitor.Get<IChatService>().SendAsync(1, Guid.NewGuid(), "let me in")).Succeeded.ShouldBeFalse();
        (await visitor.Get<IChatService>().JoinRoomAsync(null, _ => Task.CompletedTask)).Message.ShouldNotBeNull();
    }

    [Fact]
    public async Task The_setting_turns_the_visitors_room_off()
    {
        await using var app = new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:PublicRoomVisibleToVisitors"] = "false" });
        await using var visitor = app.OpenCircuit(Visitor);
        var reader = visitor.Get<IPublicRoomReader>();

        var join = await reader.OpenAsync(_ => Task.CompletedTask);

        reader.IsEnabled.ShouldBeFalse();
        join.ShouldBe(LetsChat.Components.Shared.Outcome.Refused<RoomSession>(PublicRoomReader.Disabled));
        using var http = app.CreateClient();
        var landing = await http.GetStringAsync("/", TestContext.Current.CancellationToken);
        landing.ShouldContain("Sign in");
        landing.ShouldNotContain("visitor-room");
    }

    [Fact]
    public async Task The_landing_page_holds_one_interactive_island_for_visitors()
    {
        await using var app = new LetsChatApp();
        using var http = app.CreateClient();

        var landing = await http.GetStringAsync("/", TestContext.Current.CancellationToken);

        System.Text.RegularExpressions.Regex.Count(landing, "<!--Blazor:\\{").ShouldBe(1);
    }

    [Fact]
    public async Task Visitors_page_back_through_older_messages_as_members_do_limited_per_address_not_per_tab()
    {
        await using var app = new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:RateLimits:VisitorPagesBurst"] = "2" });
        var alice = await app.CreateUserAsync("Alice");
        await using var aliceCircuit = app.OpenCircuit(alice);
        for (var i = 1; i <= ChatService.PageSize + 10; i++)
        {
            (await aliceCircuit.Get<IChatService>().SendAsync(1, Guid.NewGuid(), $"message {i}")).Succeeded.ShouldBeTrue();
        }

        await using var firstTab = OpenVisitorTab(app);
        await using var secondTab = OpenVisitorTab(app);
        var latest = (await firstTab.Get<IPublicRoomReader>().OpenAsync(_ => Task.CompletedTask)).Value!.Latest;
        latest.Count.ShouldBe(ChatService.PageSize);
        latest.Count.ShouldBeLessThan(ChatService.PageSize + 10);

        var older = await firstTab.Get<IPublicRoomReader>().LoadOlderAsync(latest[0].Sequence);
        var again = await secondTab.Get<IPublicRoomReader>().LoadOlderAsync(latest[0].Sequence);
        var limited = await secondTab.Get<IPublicRoomReader>().LoadOlderAsync(latest[0].Sequence);

        older.Messages.Select(m => m.Body).ShouldBe(Enumerable.Range(1, 10).Select(i => $"message {i}"));
        older.HasMore.ShouldBeFalse();
        again.Messages.Count.ShouldBe(10);
        limited.Messages.ShouldBeEmpty();
        limited.Refusal.ShouldNotBeNull().ShouldContain("too fast");
    }

    // A visitor's circuit as the visitors' circuit handler sets it up: nobody signed in, counted by client address.
    private static CircuitScope OpenVisitorTab(LetsChatApp app)
    {
        var tab = app.OpenCircuit(Visitor);
        tab.Get<LetsChat.Server.Presence.UserCircuit>().VisitorAddress = System.Net.IPAddress.Loopback;
        return tab;
    }
}

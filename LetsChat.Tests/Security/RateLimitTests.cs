using System.Net;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Security;

/// <summary>Per-user and per-address limits, with settings small enough that time cannot refill them during a test.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly LetsChatApp _app = new(new Dictionary<string, string?>
    {
        ["LetsChat:RateLimits:MessageBurst"] = "3",
        ["LetsChat:RateLimits:MessagesPerSecond"] = "1",
        ["LetsChat:RateLimits:FriendRequestsPerHour"] = "2",
        ["LetsChat:RateLimits:SearchBurst"] = "2",
        ["LetsChat:RateLimits:SignInsPerMinutePerAddress"] = "4",
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_burst_of_messages_is_taken_and_then_the_sender_is_told_when_to_go_on_and_nothing_sent_is_lost()
    {
        await using var circuit = _app.OpenCircuit(await _app.CreateUserAsync("Chatty"));
        var chat = circuit.Get<IChatService>();

        var results = new List<LetsChat.Components.Shared.Outcome<ChatMessage>>();
        for (var i = 0; i < 6; i++)
        {
            results.Add(await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), $"message {i}"));
        }

        results.Take(3).ShouldAllBe(r => r.Succeeded);
        var refused = results.Skip(3).First(r => !r.Succeeded);
        refused.Message.ShouldStartWith("You are sending too fast. You can go on in ");
        await using var db = await _app.CreateDbAsync();
        var stored = await db.Messages.OrderBy(m => m.Sequence).Select(m => m.Body).ToListAsync();
        stored.Take(3).ShouldBe(["message 0", "message 1", "message 2"]);
        stored.Count.ShouldBe(results.Count(r => r.Succeeded));
    }

    [Fact]
    public async Task Another_user_is_not_slowed_by_someone_elses_limit()
    {
        await using var first = _app.OpenCircuit(await _app.CreateUserAsync("First"));
        await using var second = _app.OpenCircuit(await _app.CreateUserAsync("Second"));
        for (var i = 0; i < 5; i++)
        {
            await first.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), $"m{i}");
        }

        (await second.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "my turn")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Friend_requests_and_searches_are_limited_with_a_clear_notice()
    {
        var sender = await _app.CreateUserAsync("Sender");
        var targets = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            targets.Add((await _app.CreateUserAsync($"Target {i}")).Id);
        }

        await using var circuit = _app.OpenCircuit(sender);
        var friends = circuit.Get<IFriendService>();

        (await friends.SendRequestAsync(targets[0])).Succeeded.ShouldBeTrue();
        (await friends.SendRequestAsync(targets[1])).Succeeded.ShouldBeTrue();
        var third = await friends.SendRequestAsync(targets[2]);
        (await friends.SearchAsync("target")).People.Count.ShouldBe(3);
        (await friends.SearchAsync("target")).People.Count.ShouldBe(3);
        var limitedSearch = await friends.SearchAsync("target");

        third.Succeeded.ShouldBeFalse();
        third.Message.ShouldStartWith("You are sending friend requests too fast. You can go on in ");
        limitedSearch.People.ShouldBeEmpty();
        limitedSearch.Notice!.ShouldStartWith("You are searching too fast.");
    }

    [Fact]
    public async Task Sign_in_is_limited_per_address()
    {
        using var client = _app.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.GetAsync("/signin/dev")).StatusCode);
        }

        statuses.Take(4).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Skip(4).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK); // the rest of the site is not affected
    }
}

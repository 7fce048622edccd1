using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat.Reactions;

/// <summary>Every reaction rule through the real host's services, each person a circuit.</summary>
public sealed class ReactionServiceTests : HostTest
{
    [Fact]
    public async Task A_reaction_toggles_on_and_off_and_every_open_screen_gets_the_message_with_its_reactions()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));
        var message = await SendAsync(bob, "Lunch at noon?");
        var seen = new ConcurrentQueue<RoomEvent>();
        using var session = (await Circuits.Get<IChatService>(bob).JoinRoomAsync(Room.PublicRoomId, events => Collect.Into(events, seen))).Value!;

        var given = await Circuits.Get<IReactionService>(ada).ToggleAsync(message.Id, "👍");
        var joined = await Circuits.Get<IReactionService>(bob).ToggleAsync(message.Id, "👍");

        given.Succeeded.ShouldBeTrue();
        joined.Value!.ReactionGroups.Single().ShouldBe(new ReactionGroup("👍", [new Reactor(ada.Id, "Ada"), new Reactor(bob.Id, "Bob")]), new GroupComparer());
        await Eventually.HoldsAsync(() => seen.OfType<MessageReacted>().Count() == 2, "Bob's screen gets both reactions");
        seen.OfType<MessageReacted>().Last().Message.ReactionGroups.Single().By.Count.ShouldBe(2);

        var undone = await Circuits.Get<IReactionService>(ada).ToggleAsync(message.Id, "👍");
        undone.Value!.ReactionGroups.Single().By.Select(r => r.Name).ShouldBe(["Bob"]);
        undone.Value.Version.ShouldBeGreaterThan(joined.Value.Version);
        (await Circuits.Get<IChatService>(ada).LoadOlderAsync(Room.PublicRoomId, long.MaxValue)).Messages.Single().ReactionGroups.Single().By.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("<b>hi</b>")]
    [InlineData("👍👍")]
    [InlineData("\u200B")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Only_an_emoji_of_the_catalog_is_a_reaction(string? emoji)
    {
        var ada = await App.CreateUserAsync("Ada");
        var message = await SendAsync(ada, "hello");

        var refused = await Circuits.Get<IReactionService>(ada).ToggleAsync(message.Id, emoji);

        refused.Message.ShouldBe(ReactionService.NotAnEmoji);
        await using var db = await App.CreateDbAsync();
        (await db.Reactions.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_message_carries_at_most_twenty_different_emoji_and_more_people_may_still_join_one()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));
        var message = await SendAsync(ada, "react to me");
        var emoji = App.Services.GetRequiredService<LetsChat.Components.Chat.Reactions.EmojiCatalog>().Groups[0].Emoji.Take(21).Select(e => e.Emoji).ToList();
        foreach (var one in emoji.Take(20))
        {
            (await Circuits.Get<IReactionService>(ada).ToggleAsync(message.Id, one)).Succeeded.ShouldBeTrue();
        }

        (await Circuits.Get<IReactionService>(bob).ToggleAsync(message.Id, emoji[20])).Message.ShouldBe(ReactionStore.TooMany);
        (await Circuits.Get<IReactionService>(bob).ToggleAsync(message.Id, emoji[0])).Value!.ReactionGroups.Count.ShouldBe(20);
    }

    [Fact]
    public async Task Toggles_at_once_from_two_tabs_leave_one_state_and_one_row_at_most()
    {
        var ada = await App.CreateUserAsync("Ada");
        var message = await SendAsync(ada, "click me a lot");
        var tabs = new[] { Circuits.For(ada).Get<IReactionService>(), Circuits.For(ada, newTab: true).Get<IReactionService>() };

        var results = await Task.WhenAll(Enumerable.Range(0, 21).Select(i => tabs[i % 2].ToggleAsync(message.Id, "🎉")));

        results.ShouldAllBe(r => r.Succeeded);
        await using var db = await App.CreateDbAsync();
        (await db.Reactions.CountAsync(r => r.MessageId == message.Id)).ShouldBe(1); // 21 toggles: on
        (await db.Messages.SingleAsync(m => m.Id == message.Id)).Version.ShouldBe(21);
        results.MaxBy(r => r.Value!.Version)!.Value!.ReactionGroups.Single().Emoji.ShouldBe("🎉");
    }

    [Fact]
    public async Task Only_those_who_may_read_and_write_in_the_room_react()
    {
        var (ada, bob, eve) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Eve"));
        var groupId = await App.CreateGroupAsync(Circuits, ada, bob);
        var inGroup = (await Circuits.Get<IChatService>(ada).SendAsync(groupId, Guid.NewGuid(), "members only")).Value!;
        var deleted = await SendAsync(ada, "soon gone");
        await Circuits.Get<IChatService>(ada).DeleteAsync(deleted.Id);

        (await Circuits.Get<IReactionService>(eve).ToggleAsync(inGroup.Id, "👍")).Message.ShouldBe(ChatService.NoSuchMessage);
        (await Circuits.Get<IReactionService>(bob).ToggleAsync(deleted.Id, "👍")).Message.ShouldBe(ChatService.MessageWasDeleted);
        (await Circuits.Get<IReactionService>(bob).ToggleAsync(inGroup.Id, "👍")).Succeeded.ShouldBeTrue();
        await using var anonymous = App.OpenCircuit(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()));
        (await anonymous.Get<IReactionService>().ToggleAsync(inGroup.Id, "👍")).Message.ShouldBe(LetsChat.Components.Shared.Refusals.SignInFirst);
        await using var db = await App.CreateDbAsync();
        (await db.Reactions.Select(r => r.UserId).ToListAsync()).ShouldBe([bob.Id]);
    }

    [Fact]
    public async Task Recent_emoji_are_the_readers_own_newest_first_each_once()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));
        var first = await SendAsync(ada, "one");
        var second = await SendAsync(ada, "two");
        var reactions = Circuits.Get<IReactionService>(ada);
        await reactions.ToggleAsync(first.Id, "👍");
        await reactions.ToggleAsync(first.Id, "🎉");
        await reactions.ToggleAsync(second.Id, "👍");
        await Circuits.Get<IReactionService>(bob).ToggleAsync(second.Id, "🔥");

        (await reactions.RecentAsync()).ShouldBe(["👍", "🎉"]);
    }

    [Fact]
    public async Task Reacting_too_fast_is_refused_with_when_to_go_on()
    {
        await using var app = new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:RateLimits:ReactionBurst"] = "2" });
        var ada = await app.CreateUserAsync("Ada");
        await using var circuit = app.OpenCircuit(ada);
        var message = (await circuit.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "quick")).Value!;
        var reactions = circuit.Get<IReactionService>();

        (await reactions.ToggleAsync(message.Id, "👍")).Succeeded.ShouldBeTrue();
        (await reactions.ToggleAsync(message.Id, "👍")).Succeeded.ShouldBeTrue();
        (await reactions.ToggleAsync(message.Id, "👍")).Message.ShouldStartWith("You are reacting too fast.");
    }

    private async Task<ChatMessage> SendAsync(User author, string text) =>
        (await Circuits.Get<IChatService>(author).SendAsync(Room.PublicRoomId, Guid.NewGuid(), text)).Value!;

    private sealed class GroupComparer : IEqualityComparer<ReactionGroup>
    {
        public bool Equals(ReactionGroup? x, ReactionGroup? y) => x!.Emoji == y!.Emoji && x.By.SequenceEqual(y.By);

        public int GetHashCode(ReactionGroup obj) => obj.Emoji.GetHashCode(StringComparison.Ordinal);
    }
}

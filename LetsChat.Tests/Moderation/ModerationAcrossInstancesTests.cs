using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Moderation;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Events;
using LetsChat.Server.Moderation;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Moderation;

/// <summary>Two instances, one PostgreSQL, one Redis: slow mode, blocked words and the queue hold whichever instance a tab reaches.</summary>
public sealed class ModerationAcrossInstancesTests(PostgresServer postgres) : IAsyncLifetime
{
    private TwoInstances _instances = default!;

    public async ValueTask InitializeAsync() =>
        _instances = await TwoInstances.StartAsync(postgres, new Dictionary<string, string?> { ["LetsChat:Moderators:0"] = "mod@example.com" });

    public ValueTask DisposeAsync() => _instances.DisposeAsync();

    [Fact]
    public async Task Slow_mode_set_on_one_instance_slows_a_person_whose_tabs_are_on_both()
    {
        var (a, b) = (_instances.A, _instances.B);
        var mod = await a.CreateUserAsync("Mod", "mod@example.com");
        var bob = await a.CreateUserAsync("Bob");
        await using var modOnA = a.OpenCircuit(mod);
        await using var bobOnA = a.OpenCircuit(bob);
        await using var bobOnB = b.OpenCircuit(bob);

        (await modOnA.Get<IModeration>().SetSlowModeAsync(Room.PublicRoomId, 60)).Succeeded.ShouldBeTrue();

        (await bobOnA.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "from A")).Succeeded.ShouldBeTrue();
        var fromB = await bobOnB.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "from B");
        fromB.Succeeded.ShouldBeFalse();
        fromB.Message.ShouldStartWith("Slow mode is on in this room: you can send another message in");
        // The moderator, on either instance, is not slowed.
        await using var modOnB = b.OpenCircuit(mod);
        (await modOnA.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "one")).Succeeded.ShouldBeTrue();
        (await modOnB.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "two")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_word_blocked_on_one_instance_is_refused_on_the_other_and_allowed_again_once_removed()
    {
        var (a, b) = (_instances.A, _instances.B);
        var mod = await a.CreateUserAsync("Mod", "mod@example.com");
        var bob = await a.CreateUserAsync("Bob");
        await using var modOnA = a.OpenCircuit(mod);
        await using var bobOnB = b.OpenCircuit(bob);
        var wordsOnB = b.Services.GetRequiredService<BlockedWords>();
        (await wordsOnB.MatchAsync("spoilers ahead")).ShouldBeNull(); // B has read the empty list and holds it
        await TwoInstances.ListeningAsync(b, AdminTopics.Moderation);

        (await modOnA.Get<IModeration>().AddBlockedWordAsync("spoilers", BlockedWordAction.Refuse)).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(async () => await wordsOnB.MatchAsync("spoilers ahead") is not null, "B hears the list changed");
        (await bobOnB.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "spoilers ahead")).Message.ShouldBe(ChatService.BlockedWord("spoilers"));
        var word = (await modOnA.Get<IModeration>().GetBlockedWordsAsync()).Single();
        (await modOnA.Get<IModeration>().RemoveBlockedWordAsync(word.Id)).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(async () => await wordsOnB.MatchAsync("spoilers ahead") is null, "B hears the word is gone");
        (await bobOnB.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "spoilers ahead")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_report_made_on_one_instance_reaches_the_queue_open_on_the_other_and_its_removal_every_screen()
    {
        var (a, b) = (_instances.A, _instances.B);
        var mod = await a.CreateUserAsync("Mod", "mod@example.com");
        var alice = await a.CreateUserAsync("Alice");
        var bob = await a.CreateUserAsync("Bob");
        await using var modOnA = a.OpenCircuit(mod);
        await using var aliceOnB = b.OpenCircuit(alice);
        await using var bobOnB = b.OpenCircuit(bob);
        var changes = new ConcurrentQueue<int>();
        (await modOnA.Get<IModeration>().WatchAsync(QueueScope.Site, () => { changes.Enqueue(1); return Task.CompletedTask; })).ShouldNotBeNull();
        await TwoInstances.ListeningAsync(a, AdminTopics.Moderation);
        var removed = new ConcurrentQueue<MessageDeleted>();
        await aliceOnB.Get<IChatService>().JoinRoomAsync(Room.PublicRoomId, events => Collect.Into(events.OfType<MessageDeleted>(), removed));
        await TwoInstances.ListeningAsync(b, EventTopics.Room(Room.PublicRoomId));
        var spam = (await bobOnB.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "cheap pills")).Value!;

        (await aliceOnB.Get<IReports>().ReportMessageAsync(spam.Id, ReportReason.Spam, null, attachMessage: false)).Succeeded.ShouldBeTrue();

        await Eventually.HoldsAsync(() => !changes.IsEmpty, "the moderator's queue on A hears of the report made on B");
        (await modOnA.Get<IModeration>().GetAsync(QueueScope.Site))!.Messages.ShouldHaveSingleItem().MessageId.ShouldBe(spam.Id);
        (await modOnA.Get<IModeration>().RemoveMessageAsync(spam.Id, "spam")).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => removed.Any(r => r.Message.Id == spam.Id && r.Message.DeletedByModerator), "Alice's screen on B shows it removed");
        (await modOnA.Get<IModeration>().OpenCountAsync()).ShouldBe(0);
    }
}

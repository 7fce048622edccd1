using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Events;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Chat;

/// <summary>A room passes typing notices on after a short delay and at most once a second, whoever is typing, and never after the typist's message.</summary>
public sealed class TypingThrottleTests : HostTest
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<IReadOnlyList<RoomEvent>> _batches = new();
    private RoomFeed _feed = default!;
    private IEventBus _bus = default!;
    private IDisposable? _subscription;

    public override async ValueTask InitializeAsync()
    {
        _bus = App.Services.GetRequiredService<IEventBus>();
        _feed = new RoomFeed(_bus, App.Services.GetRequiredService<DeliveryLanes>(), App.Services.GetRequiredService<MessageStore>(), App.Services.GetRequiredService<RoomAccess>(), NullLogger<RoomFeed>.Instance, _time);
        (_, _subscription) = (await _feed.SubscribeAsync(Room.PublicRoomId, userId: 0, 50, batch =>
        {
            _batches.Enqueue(batch);
            return Task.CompletedTask;
        }, CancellationToken.None))!.Value;
    }

    public override async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        _feed.Dispose();
        await base.DisposeAsync();
    }

    private ValueTask Publish(RoomEvent roomEvent) => _bus.PublishAsync(EventTopics.Room(Room.PublicRoomId), roomEvent);

    private static UserTyping Typing(long userId, string name) => new(Room.PublicRoomId, userId, name);

    private List<UserTyping> TypingSeen() => [.. _batches.SelectMany(b => b).OfType<UserTyping>()];

    // The room's first notice in a while, which goes out once it has waited its delay.
    private async Task AliceTypesFirstAsync()
    {
        await Publish(Typing(2, "Alice"));
        _time.Advance(TypingNotices.Delay);
        await Eventually.HoldsAsync(() => TypingSeen().Count == 1, "Alice's notice goes out after its delay");
    }

    [Fact]
    public async Task A_notice_waits_its_delay_and_the_rest_of_the_second_go_out_together_at_its_end()
    {
        await Publish(Typing(2, "Alice"));
        _time.Advance(TypingNotices.Delay - TimeSpan.FromMilliseconds(1));
        _batches.ShouldBeEmpty();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.HoldsAsync(() => TypingSeen().Count == 1, "Alice's notice goes out after its delay");

        await Publish(Typing(3, "Bob"));
        await Publish(Typing(4, "Carol"));
        await Publish(Typing(3, "Bob"));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        TypingSeen().Count.ShouldBe(1);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.HoldsAsync(() => TypingSeen().Count == 3, "Bob's and Carol's notices follow together a second later");
        TypingSeen().Select(t => t.DisplayName).ShouldBe(["Alice", "Bob", "Carol"]);
        _batches.Last().OfType<UserTyping>().Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_quick_reply_never_shows_its_author_typing()
    {
        await Publish(Typing(2, "Alice"));
        await Publish(new MessagePosted(Message(authorId: 2, "Alice")));
        await Publish(Typing(3, "Bob"));
        _time.Advance(TypingNotices.Delay);

        await Eventually.HoldsAsync(() => TypingSeen().Count == 1, "Bob's notice goes out");
        TypingSeen().Select(t => t.DisplayName).ShouldBe(["Bob"]);
    }

    [Fact]
    public async Task A_notice_still_waiting_when_its_typist_sends_is_dropped()
    {
        await AliceTypesFirstAsync();
        await Publish(Typing(3, "Bob"));
        await Publish(Typing(4, "Carol"));

        await Publish(new MessagePosted(Message(authorId: 3, "Bob")));
        _time.Advance(TypingNotices.Every);

        await Eventually.HoldsAsync(() => TypingSeen().Count == 2, "Carol's notice follows");
        TypingSeen().Select(t => t.DisplayName).ShouldBe(["Alice", "Carol"]);
    }

    [Fact]
    public async Task After_a_quiet_second_a_notice_waits_only_its_delay()
    {
        await AliceTypesFirstAsync();

        _time.Advance(TypingNotices.Every);
        await Publish(Typing(3, "Bob"));
        _time.Advance(TypingNotices.Delay);

        await Eventually.HoldsAsync(() => TypingSeen().Count == 2, "Bob's notice goes out after its delay");
    }

    private ChatMessage Message(long authorId, string author) =>
        new(1000 + authorId, Room.PublicRoomId, 1000 + authorId, authorId, author, null, "hi", _time.GetUtcNow());
}

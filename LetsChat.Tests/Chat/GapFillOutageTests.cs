using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat;

/// <summary>
/// A gap fill that fails because the database is away is held and tried again, never dropped: a member gets every
/// message once the database is back, and a member removed meanwhile gets none.
/// </summary>
public sealed class GapFillOutageTests : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();
    private LetsChatApp _app = default!;
    private CircuitPool _circuits = default!;
    private User _owner = default!;
    private User _bob = default!;
    private long _roomId;

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _app = new LetsChatApp(postgresConnectionString: await _postgres.CreateDatabaseAsync());
        _circuits = new CircuitPool(_app);
        _owner = await _app.CreateUserAsync("Olivia");
        _bob = await _app.CreateUserAsync("Bob");
        _roomId = await _app.CreateGroupAsync(_circuits, _owner, _bob);
    }

    public async ValueTask DisposeAsync()
    {
        await _circuits.DisposeAsync();
        await _app.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task A_member_gets_the_messages_of_a_gap_that_could_not_be_filled_while_the_database_was_down()
    {
        var seenByBob = await OpenForBobAsync();
        var (first, second) = await StoreTwoUnannouncedAsync();

        await _postgres.StopAsync();
        await AnnounceAsync(second);
        await _postgres.StartAsync();

        await Eventually.HoldsAsync(() => seenByBob.OfType<MessagePosted>().Count() == 2, "Bob gets both messages once the database is back", TimeSpan.FromSeconds(60));
        seenByBob.OfType<MessagePosted>().Select(p => p.Message.Id).ShouldBe([first.Id, second.Id]);
    }

    [Fact]
    public async Task A_member_removed_before_a_failed_gap_fill_gets_nothing_once_the_database_is_back()
    {
        var seenByBob = await OpenForBobAsync();
        var (_, second) = await StoreTwoUnannouncedAsync();
        await using (var db = await _app.CreateDbAsync())
        {
            await db.RoomMembers.Where(m => m.RoomId == _roomId && m.UserId == _bob.Id).ExecuteDeleteAsync();
        }

        await _postgres.StopAsync();
        await AnnounceAsync(second);
        await _postgres.StartAsync();

        await Eventually.HoldsAsync(() => seenByBob.OfType<MemberRemoved>().Any(), "Bob's screen is told he is no longer a member", TimeSpan.FromSeconds(60));
        seenByBob.OfType<MessagePosted>().ShouldBeEmpty();
    }

    private async Task<ConcurrentQueue<RoomEvent>> OpenForBobAsync()
    {
        var seen = new ConcurrentQueue<RoomEvent>();
        (await _circuits.Get<IChatService>(_bob).JoinRoomAsync(_roomId, events => Collect.Into(events, seen))).Value.ShouldNotBeNull();
        return seen;
    }

    // Two messages stored without their events: the second's event, published alone, leaves a gap before it.
    private async Task<(ChatMessage First, ChatMessage Second)> StoreTwoUnannouncedAsync()
    {
        var store = _app.Services.GetRequiredService<MessageStore>();
        var (first, _) = await store.AppendAsync(_roomId, _owner.Id, Guid.NewGuid(), "first", DateTimeOffset.UtcNow, default);
        var (second, _) = await store.AppendAsync(_roomId, _owner.Id, Guid.NewGuid(), "second", DateTimeOffset.UtcNow, default);
        return (first, second);
    }

    private Task AnnounceAsync(ChatMessage message) =>
        _app.Services.GetRequiredService<IEventBus>().PublishAsync<RoomEvent>(EventTopics.Room(_roomId), new MessagePosted(message)).AsTask();
}

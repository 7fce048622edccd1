using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Server.Chat;
using LetsChat.Server.Events;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat;

/// <summary>
/// When the bus says a room's events may have been missed, the room's window is read again and what changed in it
/// (edits, deletes, renames) reaches every open screen, even if no instance could send the events again.
/// </summary>
public sealed class CatchUpReconcileTests : IAsyncLifetime
{
    private readonly HookedEventBus _bus = new();
    private readonly LetsChatApp _app;
    private readonly CircuitPool _circuits;

    public CatchUpReconcileTests()
    {
        _app = new LetsChatApp { TestServices = services => services.AddSingleton<IEventBus>(sp => _bus.Over(sp)) };
        _circuits = new CircuitPool(_app);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _circuits.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Changes_stored_without_their_events_reach_open_screens_when_the_bus_resumes()
    {
        var alice = await _app.CreateUserAsync("Alice");
        var bob = await _app.CreateUserAsync("Bob");
        var chat = _circuits.Get<IChatService>(alice);
        var kept = (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "first draft")).Value!;
        var doomed = (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "regrettable")).Value!;
        var seen = new ConcurrentQueue<RoomEvent>();
        (await _circuits.Get<IChatService>(bob).JoinRoomAsync(Room.PublicRoomId, events => Collect.Into(events, seen))).Value.ShouldNotBeNull();

        // As another instance would have, with its events lost for good.
        var store = _app.Services.GetRequiredService<MessageStore>();
        await store.EditAsync(kept.Id, "final text", [], DateTimeOffset.UtcNow, default);
        await store.DeleteAsync(doomed.Id, alice.Id, DateTimeOffset.UtcNow, default);
        await using (var db = await _app.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == alice.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "Alice Liddell"));
        }

        seen.ShouldBeEmpty();
        _bus.RaiseResumed(EventTopics.Room(Room.PublicRoomId));

        await Eventually.HoldsAsync(
            () => seen.OfType<MessageEdited>().Any(e => e.Message.Id == kept.Id && e.Message.Body == "final text")
                && seen.OfType<MessageDeleted>().Any(d => d.Message.Id == doomed.Id)
                && seen.OfType<AuthorChanged>().Any(a => a.UserId == alice.Id && a.DisplayName == "Alice Liddell"),
            "Bob sees the edit, the delete and the new name");
        seen.OfType<MessagePosted>().ShouldBeEmpty();
    }
}

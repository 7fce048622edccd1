using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Rooms;

/// <summary>
/// Read marks written in batches: many readers marking one busy room at once all get their marks written (the highest
/// each asked for, never past the room's newest message) and every tab of each reader hears of it.
/// </summary>
public sealed class ReadMarkWriterTests : HostTest
{
    [Fact]
    public async Task Many_readers_marking_at_once_each_get_their_highest_mark_and_their_tabs_told()
    {
        var owner = await App.CreateUserAsync("Olga");
        var readers = new List<LetsChat.Server.Identity.User>();
        for (var i = 0; i < 6; i++)
        {
            readers.Add(await App.CreateUserAsync($"Reader {i}"));
        }

        var roomId = await App.CreateGroupAsync(Circuits, owner, [.. readers]);
        for (var i = 0; i < 5; i++)
        {
            (await Circuits.Get<IChatService>(owner).SendAsync(roomId, Guid.NewGuid(), $"news {i}")).Succeeded.ShouldBeTrue();
        }

        var told = new ConcurrentQueue<(long User, RoomRead Read)>();
        foreach (var reader in readers)
        {
            await Circuits.For(reader, newTab: true).Get<IUserFeed>().SubscribeAsync(events => Collect.Into(events.OfType<RoomRead>().Select(r => (reader.Id, r)), told));
        }

        // Each reader marks twice at once; the second asks past the room's newest message.
        await Task.WhenAll(readers.SelectMany(reader => new[]
        {
            Circuits.Get<IChatService>(reader).MarkReadAsync(roomId, 3),
            Circuits.Get<IChatService>(reader).MarkReadAsync(roomId, 99),
        }));

        await using (var db = await App.CreateDbAsync())
        {
            var marks = await db.RoomMembers.Where(m => m.RoomId == roomId && m.UserId != owner.Id).Select(m => m.LastReadSequence).ToListAsync(TestContext.Current.CancellationToken);
            marks.ShouldBe(Enumerable.Repeat(5L, readers.Count), "each reader's highest mark, clamped to the newest message");
        }

        await Eventually.HoldsAsync(() => readers.All(r => told.Any(t => t.User == r.Id && t.Read.RoomId == roomId && t.Read.LastReadSequence == 5)), "every reader's other tab hears of the mark");
    }
}

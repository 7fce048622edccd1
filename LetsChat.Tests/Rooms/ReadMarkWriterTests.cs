using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
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

    [Fact]
    public async Task A_mark_from_someone_no_longer_a_member_reads_nothing_while_a_members_mark_in_the_same_batch_does()
    {
        var (ada, bob, cy) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Cy"));
        var roomId = await App.CreateGroupAsync(Circuits, ada, bob, cy);
        (await Circuits.Get<IChatService>(ada).SendAsync(roomId, Guid.NewGuid(), $"@{bob.Handle} @{cy.Handle} look")).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(async () => await MentionUnreadAsync(bob) == true && await MentionUnreadAsync(cy) == true, "Bob and Cy hear of their mentions");

        (await Circuits.Get<IRoomService>(ada).RemoveMemberAsync(roomId, bob.Id)).Succeeded.ShouldBeTrue();
        // Marked together, so that both go through one batch and its one membership query.
        await Task.WhenAll(Circuits.Get<IChatService>(bob).MarkReadAsync(roomId, 1), Circuits.Get<IChatService>(cy).MarkReadAsync(roomId, 1));

        (await MentionUnreadAsync(cy)).ShouldBe(false, "a member's mark reads the mention");
        (await MentionUnreadAsync(bob)).ShouldBe(true, "a former member's mark writes nothing, not even his own notifications");
    }

    // Whether the user's mention notification is unread (null: there is none).
    private async Task<bool?> MentionUnreadAsync(LetsChat.Server.Identity.User user) =>
        (await Circuits.Get<INotificationService>(user).GetPageAsync()).Notifications.SingleOrDefault(n => n.Kind == NotificationKind.Mention) is { } mention ? !mention.IsRead : null;
}

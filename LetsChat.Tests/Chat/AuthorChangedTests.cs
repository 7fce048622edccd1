using System.Collections.Concurrent;
using LetsChat.Components.Chat;
using LetsChat.Components.Profiles;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Chat;

/// <summary>A new display name shows on messages already on open screens, and in the shared room window.</summary>
public sealed class AuthorChangedTests : HostTest
{

    [Fact]
    public async Task Renaming_updates_the_authors_messages_on_every_open_screen()
    {
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        await Circuits.Get<IChatService>(alice).SendAsync(Room.PublicRoomId, Guid.NewGuid(), "hello");
        var seenByBob = new ConcurrentQueue<AuthorChanged>();
        await Circuits.Get<IChatService>(bob).JoinRoomAsync(null, events => Collect.Into(events.OfType<AuthorChanged>(), seenByBob));
        var mine = await Circuits.Get<IProfileService>(alice).GetMineAsync();

        var result = await Circuits.Get<IProfileService>(alice).UpdateAsync(new ProfileUpdate("Alice Cooper", mine!.Handle, HideEmail: true));

        result.Succeeded.ShouldBeTrue(result.Message);
        await Eventually.HoldsAsync(() => seenByBob.Any(a => a.UserId == alice.Id && a.DisplayName == "Alice Cooper"), "Bob's screen hears of the new name");
        var reopened = await Circuits.For(await App.CreateUserAsync("Carol")).Get<IChatService>().JoinRoomAsync(null, _ => Task.CompletedTask);
        reopened.Value!.Latest.Single().AuthorName.ShouldBe("Alice Cooper");
    }
}

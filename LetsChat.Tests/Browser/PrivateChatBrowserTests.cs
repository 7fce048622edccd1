using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Private chats between two friends in real browsers, and a third person who cannot get in.</summary>
public sealed class PrivateChatBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task After_an_unfriend_the_chat_is_read_only_and_its_author_can_still_delete_but_not_edit(int width, int height)
    {
        var aliceUser = await App.CreateUserAsync("Alice");
        var bobUser = await App.CreateUserAsync("Bob");
        await App.MakeFriendsAsync(aliceUser, bobUser);
        await using (var bobsCircuit = App.OpenCircuit(bobUser))
        {
            await bobsCircuit.Get<LetsChat.Components.Chat.IChatService>().SendAsync(
                (await bobsCircuit.Get<LetsChat.Components.Rooms.IRoomList>().GetRoomsAsync()).Single(r => r.Name == "Alice").Id, Guid.NewGuid(), "Said while we were friends");
            (await bobsCircuit.Get<LetsChat.Components.Friends.IFriendService>().UnfriendAsync(aliceUser.Id)).Succeeded.ShouldBeTrue();
        }

        long roomId;
        await using (var db = await App.CreateDbAsync())
        {
            roomId = db.Rooms.Single(r => r.Kind == LetsChat.Components.Rooms.RoomKind.Private).Id;
        }

        var bob = await SignInAsync("Bob", width, height);
        await bob.GotoAsync($"/chat/{roomId}");
        await Expect(bob.GetByText("You are no longer friends: this chat is read-only, its history kept.")).ToBeVisibleAsync();
        var mine = bob.GetByRole(AriaRole.Article).Filter(new() { HasText = "Said while we were friends" });
        await mine.HoverAsync();
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = "Edit message" })).ToHaveCountAsync(0);
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = "Delete message" })).ToBeVisibleAsync();
        await ScreenshotAsync(bob, $"read-only-chat-{width}");

        await mine.GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();
        await mine.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(bob.GetByRole(AriaRole.Log, new() { Name = "Messages" })).Not.ToContainTextAsync("Said while we were friends");
    }

    [Fact]
    public async Task Two_friends_chat_privately_live_both_ways_and_a_third_user_cannot_reach_the_room()
    {
        await App.MakeFriendsAsync(await App.CreateUserAsync("Alice"), await App.CreateUserAsync("Bob"));
        var alice = await SignInAsync("Alice");
        var bob = await SignInAsync("Bob");

        await alice.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Bob", Exact = true }).ClickAsync();
        await Expect(alice.GetByRole(AriaRole.Heading, new() { Name = "Bob" })).ToBeVisibleAsync();
        var roomUrl = alice.Url;
        var aliceComposer = alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await aliceComposer.FillAsync("Psst, only you can read this");
        await aliceComposer.PressAsync("Enter");

        // Bob is in the public room: the room list moves Alice's chat up with an unread count and his bell rings.
        var aliceLink = bob.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Alice", Exact = true });
        await Expect(aliceLink).ToContainTextAsync("1");
        await Expect(bob.Locator(".notification-bell .bell-badge")).ToHaveTextAsync("1");
        await aliceLink.ClickAsync();
        await Expect(bob.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToContainTextAsync("Psst, only you can read this");
        await Expect(bob.GetByRole(AriaRole.Separator, new() { Name = "New messages" })).ToBeVisibleAsync();
        await Expect(bob.Locator(".notification-bell .bell-badge")).ToHaveCountAsync(0);

        var bobComposer = bob.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await bobComposer.PressSequentiallyAsync("Got it");
        await Expect(alice.GetByText("Bob is typing…")).ToBeVisibleAsync();
        await bobComposer.PressAsync("Enter");
        await Expect(alice.GetByRole(AriaRole.Article).Filter(new() { HasText = "Got it" })).ToContainTextAsync("Bob");
        await Expect(alice.GetByText("Bob is typing…")).ToHaveCountAsync(0);

        // Alice fixes her message and then deletes it; Bob sees both at once.
        var mine = alice.GetByRole(AriaRole.Article).Filter(new() { HasText = "Psst" });
        await mine.HoverAsync();
        await mine.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        await alice.GetByRole(AriaRole.Textbox, new() { Name = "Edit message text" }).FillAsync("Psst, only you can read this!");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(bob.GetByRole(AriaRole.Article).Filter(new() { HasText = "read this!" })).ToContainTextAsync("(edited)");
        await ScreenshotAsync(alice, "private-chat-1280");
        await mine.HoverAsync();
        await mine.GetByRole(AriaRole.Button, new() { Name = "Delete message" }).ClickAsync();
        await mine.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(bob.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToContainTextAsync("Message deleted");
        await Expect(bob.GetByRole(AriaRole.Log, new() { Name = "Messages" })).Not.ToContainTextAsync("Psst");

        var eve = await SignInAsync("Eve");
        await eve.GotoAsync(roomUrl);
        await Expect(eve.GetByRole(AriaRole.Alert)).ToContainTextAsync("not a member");
        await Expect(eve.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToHaveCountAsync(0);
        await Expect(eve.GetByText("Got it")).ToHaveCountAsync(0);
        await Expect(eve.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Alice" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_reader_at_the_bottom_of_a_long_room_follows_new_messages()
    {
        var alice = await App.CreateUserAsync("Alice");
        await using var circuit = App.OpenCircuit(alice);
        var chat = circuit.Get<LetsChat.Components.Chat.IChatService>();
        for (var i = 1; i <= 60; i++)
        {
            await chat.SendAsync(LetsChat.Server.Rooms.Room.PublicRoomId, Guid.NewGuid(), $"history {i:000}");
        }

        var reader = await SignInAsync("Reader", 1280, 700);
        var log = reader.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Expect(log.GetByRole(AriaRole.Article).Last).ToContainTextAsync("history 060");
        await Expect(log.GetByRole(AriaRole.Article).Last).ToBeInViewportAsync();

        await chat.SendAsync(LetsChat.Server.Rooms.Room.PublicRoomId, Guid.NewGuid(), "something new");

        await Expect(log.GetByRole(AriaRole.Article).Last).ToContainTextAsync("something new");
        await Expect(log.GetByRole(AriaRole.Article).Last).ToBeInViewportAsync();
        await Expect(log.GetByRole(AriaRole.Article).First).Not.ToBeInViewportAsync();
    }

    [Fact]
    public async Task Scrolling_to_the_top_of_a_long_room_loads_older_messages_and_keeps_the_place()
    {
        var alice = await App.CreateUserAsync("Alice");
        await using (var circuit = App.OpenCircuit(alice))
        {
            var chat = circuit.Get<LetsChat.Components.Chat.IChatService>();
            for (var i = 1; i <= 120; i++)
            {
                await chat.SendAsync(LetsChat.Server.Rooms.Room.PublicRoomId, Guid.NewGuid(), $"history {i:000}");
            }
        }

        var reader = await SignInAsync("Reader", 1280, 700);
        var log = reader.GetByRole(AriaRole.Log, new() { Name = "Messages" });
        await Expect(log.GetByRole(AriaRole.Article)).ToHaveCountAsync(50);
        await Expect(log.GetByRole(AriaRole.Article).Last).ToContainTextAsync("history 120");

        await log.EvaluateAsync("el => el.scrollTop = 0");
        await Expect(log.GetByRole(AriaRole.Article)).ToHaveCountAsync(100);
        await log.EvaluateAsync("el => el.scrollTop = 0");
        await Expect(log.GetByRole(AriaRole.Article)).ToHaveCountAsync(120);
        await Expect(log.GetByRole(AriaRole.Article).First).ToContainTextAsync("history 001");
        await Expect(log.GetByRole(AriaRole.Button, new() { Name = "Load older messages" })).ToHaveCountAsync(0);
        (await log.EvaluateAsync<double>("el => el.scrollTop")).ShouldBeGreaterThan(0); // the reader's place was kept, not thrown to the top
    }
}

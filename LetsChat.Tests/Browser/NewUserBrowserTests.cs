using LetsChat.Components.Chat;
using LetsChat.Server.Chat;
using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>What a new user trips over, tried as one would: in a browser, at 375 and 1280 px.</summary>
public sealed class NewUserBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task A_visitor_scrolls_back_through_history_and_a_member_gets_from_a_message_to_its_authors_profile()
    {
        var alice = await App.CreateUserAsync("Alice Liddell");
        await using (var circuit = App.OpenCircuit(alice))
        {
            for (var i = 1; i <= ChatService.PageSize + 5; i++)
            {
                (await circuit.Get<IChatService>().SendAsync(1, Guid.NewGuid(), $"Note number {i}")).Succeeded.ShouldBeTrue();
            }
        }

        foreach (var width in new[] { 375, 1280 })
        {
            var visitor = await OpenBrowserAsync($"Visitor {width}", width, 800);
            await visitor.GotoAsync("/");
            var log = visitor.GetByRole(AriaRole.Log, new() { Name = "Messages" });
            await Expect(log.GetByRole(AriaRole.Article)).ToHaveCountAsync(ChatService.PageSize);
            await log.GetByRole(AriaRole.Button, new() { Name = "Load older messages" }).ScrollIntoViewIfNeededAsync();
            await Expect(log.GetByRole(AriaRole.Article)).ToHaveCountAsync(ChatService.PageSize + 5);
            await Expect(log.GetByRole(AriaRole.Article).First).ToContainTextAsync("Note number 1");
            await ScreenshotAsync(visitor, $"visitor-history-{width}");
        }

        var bob = await SignInAsync("Bob", 375, 740);
        var note = bob.GetByRole(AriaRole.Article).Filter(new() { HasText = $"Note number {ChatService.PageSize + 5}" });
        var author = note.GetByRole(AriaRole.Link, new() { Name = "Alice Liddell" });
        await Expect(author).ToHaveAttributeAsync("href", $"/u/{alice.Handle}");
        await author.FocusAsync();
        await bob.Keyboard.PressAsync("Enter");
        await Expect(bob.GetByRole(AriaRole.Heading, new() { Name = "Alice Liddell" })).ToBeVisibleAsync();
        await Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Add friend" })).ToBeVisibleAsync();
        await bob.GoBackAsync();
        await note.Locator(".msg-avatar").ClickAsync();
        await Expect(bob).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/u/{alice.Handle}$"));
    }

    [Fact]
    public async Task Acting_on_what_a_notification_announced_marks_it_read_on_every_tab()
    {
        var alice = await SignInAsync("Alice");
        var bob = await SignInAsync("Bob");
        var bobsPhone = await OpenSameUserAsync(bob, "Bob on a phone", 375, 740);
        await bobsPhone.GotoAsync("/chat");
        await alice.GotoAsync("/friends");
        await alice.GetByRole(AriaRole.Textbox, new() { Name = "Find people" }).FillAsync("bob");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Add friend" }).ClickAsync();
        await Expect(Badge(bob)).ToHaveTextAsync("1");
        await Expect(Badge(bobsPhone)).ToHaveTextAsync("1");

        // Bob accepts on the friends page, never touching the bell: the request's notification is dealt with.
        await bob.GotoAsync("/friends");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(Badge(bob)).ToBeHiddenAsync();
        await Expect(Badge(bobsPhone)).ToBeHiddenAsync();

        // Alice is told; opening the chat with Bob (from the drawer, not the bell) deals with that one.
        await Expect(Badge(alice)).ToHaveTextAsync("1");
        await alice.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Bob" }).ClickAsync();
        await Expect(alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();
        await Expect(Badge(alice)).ToBeHiddenAsync();
        await ScreenshotAsync(bobsPhone, "bell-read-on-every-tab-375");
    }

    private static ILocator Badge(IPage page) => page.Locator(".notification-bell .bell-badge");

    [Fact]
    public async Task On_a_phone_the_menu_button_counts_conversations_with_unread_messages_in_every_tab()
    {
        var alice = await App.CreateUserAsync("Alice");
        var bobsDesk = await SignInAsync("Bob");
        var bob = await FindUserAsync("Bob");
        await App.MakeFriendsAsync(alice, bob);
        var bobsPhone = await OpenSameUserAsync(bobsDesk, "Bob on a phone", 375, 740);
        var bobsOtherPhoneTab = await OpenSameUserAsync(bobsDesk, "Bob's second tab", 375, 740);
        foreach (var tab in new[] { bobsPhone, bobsOtherPhoneTab })
        {
            await tab.GotoAsync("/chat");
            await Expect(tab.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();
        }

        await using (var circuit = App.OpenCircuit(alice))
        {
            var chat = circuit.Get<IChatService>();
            var privateRoom = (await circuit.Get<LetsChat.Components.Rooms.IRoomList>().GetRoomsAsync()).Single(r => r.Kind == LetsChat.Components.Rooms.RoomKind.Private).Id;
            (await chat.SendAsync(privateRoom, Guid.NewGuid(), "Hi Bob")).Succeeded.ShouldBeTrue();
            await Expect(bobsPhone.Locator(".mud-snackbar").Filter(new() { HasText = "Hi Bob" })).ToBeVisibleAsync();
            (await chat.SendAsync(privateRoom, Guid.NewGuid(), "Are you free later?")).Succeeded.ShouldBeTrue();
        }

        var menu = bobsPhone.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" });
        await Expect(menu.Locator(".menu-badge")).ToHaveTextAsync("1");
        await Expect(menu).ToHaveAccessibleDescriptionAsync("1 conversation with unread messages");
        await Expect(bobsOtherPhoneTab.Locator(".menu-badge")).ToHaveTextAsync("1");
        // The notice of the new message hides neither the room's title nor the composer, and the open drawer covers it.
        var snackbar = bobsPhone.Locator(".mud-snackbar").Filter(new() { HasText = "Are you free later?" });
        await Expect(snackbar).ToBeVisibleAsync();
        await Expect(bobsPhone.Locator(".mud-snackbar")).ToHaveCountAsync(1); // the newer message replaced the older notice
        var notice = (await snackbar.BoundingBoxAsync())!;
        var title = (await bobsPhone.GetByRole(AriaRole.Heading, new() { Name = "Public room" }).BoundingBoxAsync())!;
        var composer = (await bobsPhone.Locator(".composer").BoundingBoxAsync())!;
        notice.Y.ShouldBeGreaterThan(title.Y + title.Height);
        (notice.Y + notice.Height).ShouldBeLessThanOrEqualTo(composer.Y);
        await ScreenshotAsync(bobsPhone, "unread-on-phone-375");

        await menu.ClickAsync();
        await Expect(bobsPhone.Locator("#app-drawer")).ToBeInViewportAsync(new() { Ratio = 1 });
        var onTop = await bobsPhone.EvaluateAsync<bool>(
            "point => !!document.elementFromPoint(point.x, point.y)?.closest('.app-drawer, .drawer-scrim')",
            new { x = (double)(notice.X + notice.Width / 2), y = (double)(notice.Y + notice.Height / 2) });
        onTop.ShouldBeTrue();
        await bobsPhone.GetByRole(AriaRole.Navigation, new() { Name = "Rooms" }).GetByRole(AriaRole.Link, new() { Name = "Alice" }).ClickAsync();
        await Expect(bobsPhone.GetByRole(AriaRole.Article).Filter(new() { HasText = "Are you free later?" })).ToBeVisibleAsync();
        await Expect(bobsPhone.Locator(".menu-badge")).ToBeHiddenAsync();
        await Expect(bobsOtherPhoneTab.Locator(".menu-badge")).ToBeHiddenAsync();
    }

    private async Task<LetsChat.Server.Identity.User> FindUserAsync(string displayName)
    {
        await using var db = await App.CreateDbAsync();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users, u => u.DisplayName == displayName);
    }

    [Fact]
    public async Task An_unknown_room_answers_404_in_the_apps_own_words_and_Remove_picture_shows_only_for_a_saved_picture()
    {
        var alice = await SignInAsync("Alice", 375, 740);
        var response = await alice.GotoAsync("/chat/987654");
        response!.Status.ShouldBe(404);
        await Expect(alice.GetByText("not a member")).ToBeVisibleAsync();
        await ScreenshotAsync(alice, "unknown-room-375");

        await alice.GotoAsync("/me");
        var remove = alice.GetByRole(AriaRole.Button, new() { Name = "Remove picture" });
        await Expect(alice.GetByRole(AriaRole.Textbox, new() { Name = "Display name" })).ToBeVisibleAsync();
        await Expect(remove).ToHaveCountAsync(0);
        await alice.GetByLabel("Avatar").SetInputFilesAsync(new FilePayload
        {
            Name = "me.png",
            MimeType = "image/png",
            Buffer = Profiles.TestImages.Encode(SkiaSharp.SKEncodedImageFormat.Png, 300, 300),
        });
        await Expect(alice.GetByRole(AriaRole.Button, new() { Name = "Discard new picture" })).ToBeVisibleAsync();
        await Expect(remove).ToHaveCountAsync(0);
        await ScreenshotAsync(alice, "edit-profile-preview-375");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await alice.WaitForURLAsync("**/u/Alice");

        await alice.GotoAsync("/me");
        await Expect(remove).ToBeVisibleAsync();
    }
}

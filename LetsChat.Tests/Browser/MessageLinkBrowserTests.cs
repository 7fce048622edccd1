using LetsChat.Components.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>A link to a message opens its room there: older history loaded, the message in view and marked.</summary>
public sealed class MessageLinkBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task A_link_to_an_old_message_opens_the_room_at_it_and_a_link_to_a_stranger_room_shows_nothing(int width, int height)
    {
        var bob = await App.CreateUserAsync("Bob");
        await using (var circuit = App.OpenCircuit(bob))
        {
            var chat = circuit.Get<IChatService>();
            for (var i = 1; i <= 130; i++)
            {
                (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), $"note {i}")).Succeeded.ShouldBeTrue();
            }
        }

        var alice = await SignInAsync("Alice", width, height);
        await alice.GotoAsync($"/chat/{Room.PublicRoomId}/m/12");

        var target = alice.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article).Filter(new() { HasTextRegex = new(@"note 12(?!\d)") });
        await Expect(target).ToBeInViewportAsync();
        await Expect(target).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("msg-highlight"));
        await ScreenshotAsync(alice, $"message-link-{width}");

        await alice.GotoAsync($"/chat/{Room.PublicRoomId}/m/99999");
        await Expect(alice.Locator(".mud-snackbar").Filter(new() { HasText = "too far back" })).ToBeVisibleAsync();

        var carol = await App.CreateUserAsync("Carol");
        await using var circuits = new CircuitPool(App);
        var groupRoom = await App.CreateGroupAsync(circuits, bob, carol);
        await alice.GotoAsync($"/chat/{groupRoom}/m/1");
        await Expect(alice.GetByRole(AriaRole.Heading, new() { Name = "You are not a member of this room." })).ToBeVisibleAsync();
        await Expect(alice.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToHaveCountAsync(0);
    }
}

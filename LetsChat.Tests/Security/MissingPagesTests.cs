using System.Net;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Security;

/// <summary>A full page load of a room, profile or path the reader cannot have answers 404, with the app's own page as its body.</summary>
public sealed class MissingPagesTests
{
    [Fact]
    public async Task Unknown_and_unreadable_rooms_unknown_handles_and_unknown_paths_are_404_and_the_rest_200()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = new LetsChatApp();
        var owner = await app.CreateUserAsync("Olivia");
        var friend = await app.CreateUserAsync("Frank");
        await using var circuits = new CircuitPool(app);
        var othersRoom = await app.CreateGroupAsync(circuits, owner, friend);
        using var client = app.CreateBrowserLikeClient();
        (await DevSignInClient.SignInAsync(client, "Reader")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = await app.CreateDbAsync();

        async Task<HttpStatusCode> StatusOf(string path) => (await client.GetAsync(path, cancellationToken)).StatusCode;

        (await StatusOf("/chat")).ShouldBe(HttpStatusCode.OK);
        (await StatusOf($"/u/{owner.Handle}")).ShouldBe(HttpStatusCode.OK);
        (await StatusOf("/chat/987654")).ShouldBe(HttpStatusCode.NotFound);
        (await StatusOf($"/chat/{othersRoom}")).ShouldBe(HttpStatusCode.NotFound);
        (await StatusOf($"/chat/{othersRoom}/m/1")).ShouldBe(HttpStatusCode.NotFound);
        (await StatusOf("/u/nobody-at-all")).ShouldBe(HttpStatusCode.NotFound);
        (await StatusOf($"/u/{owner.Handle}/friends")).ShouldBe(HttpStatusCode.NotFound); // not their friend
        (await StatusOf("/no/such/page")).ShouldBe(HttpStatusCode.NotFound);

        // The body is still the app, which says so in its own words once it runs.
        var unknownRoom = await client.GetAsync("/chat/987654", cancellationToken);
        var body = await unknownRoom.Content.ReadAsStringAsync(cancellationToken);
        body.ShouldContain("_framework/blazor.web", customMessage: body);
    }
}

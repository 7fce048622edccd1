using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat;

/// <summary>The composer against the real chat service of a real host, as one signed-in circuit.</summary>
public sealed class ComposerTests : ComponentTest, IAsyncLifetime
{
    private readonly LetsChatApp _app = new();
    private CircuitScope _circuit = default!;

    public async ValueTask InitializeAsync()
    {
        _circuit = _app.OpenCircuit(await _app.CreateUserAsync("Alice"));
        Services.AddSingleton(_circuit.Get<IChatService>());
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _circuit.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Submitting_stores_the_message_and_clears_the_box()
    {
        var composer = Render<Composer>(p => p.Add(c => c.RoomId, Room.PublicRoomId));

        composer.Find("textarea").Input("Hello there");
        await composer.Find("form").SubmitAsync();

        composer.WaitForAssertion(() => composer.Find("textarea").GetAttribute("value").ShouldBe(string.Empty));
        composer.FindAll("[role=alert]").ShouldBeEmpty();
        (await StoredBodiesAsync()).ShouldBe(["Hello there"]);
    }

    [Fact]
    public async Task A_refused_message_shows_an_alert_keeps_the_text_and_stores_nothing()
    {
        var composer = Render<Composer>(p => p.Add(c => c.RoomId, Room.PublicRoomId));

        composer.Find("textarea").Input("   ");
        await composer.Find("form").SubmitAsync();

        composer.WaitForAssertion(() => composer.Find("[role=alert]").TextContent.ShouldBe("Write something before sending."));
        composer.Find("textarea").GetAttribute("value").ShouldBe("   ");
        (await StoredBodiesAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_counter_appears_near_the_limit_and_marks_an_over_long_text()
    {
        var composer = Render<Composer>(p => p.Add(c => c.RoomId, Room.PublicRoomId));

        composer.Find("textarea").Input(new string('a', 3000));
        composer.FindAll(".composer-count").ShouldBeEmpty();
        composer.Find("textarea").Input(new string('a', 4001));

        composer.Find(".composer-count").ClassList.ShouldContain("over");
        composer.Find(".composer-count").TextContent.ShouldBe("4,001 / 4,000");
        await Task.CompletedTask;
    }

    [Fact]
    public void In_a_room_the_user_cannot_write_in_the_box_and_button_are_disabled()
    {
        var composer = Render<Composer>(p => p.Add(c => c.RoomId, Room.PublicRoomId).Add(c => c.CanWrite, false));

        composer.Find("textarea").HasAttribute("disabled").ShouldBeTrue();
        composer.Find("button[type=submit]").HasAttribute("disabled").ShouldBeTrue();
        composer.Find("[role=status]").TextContent.ShouldBe("You cannot write in this room.");
    }

    [Fact]
    public void The_box_and_button_have_the_accessible_names_of_the_contract()
    {
        var composer = Render<Composer>(p => p.Add(c => c.RoomId, Room.PublicRoomId));

        composer.Find("textarea").GetAttribute("aria-label").ShouldBe("Message");
        composer.Find("button[type=submit]").GetAttribute("aria-label").ShouldBe("Send");
    }

    private async Task<List<string>> StoredBodiesAsync()
    {
        await using var db = await _app.CreateDbAsync();
        return await db.Messages.Select(m => m.Body).ToListAsync();
    }
}

using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat.Reactions;

/// <summary>PostgreSQL runs toggles truly in parallel: the cap and the one-row-per-person rule must hold there too.</summary>
public sealed class ReactionRacePostgresTests(PostgresServer postgres) : IAsyncLifetime
{
    private LetsChatApp _app = default!;
    private CircuitPool _circuits = default!;

    public async ValueTask InitializeAsync()
    {
        _app = new LetsChatApp(postgresConnectionString: await postgres.CreateDatabaseAsync());
        _circuits = new CircuitPool(_app);
    }

    public async ValueTask DisposeAsync()
    {
        await _circuits.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Twenty_five_people_adding_different_emoji_at_once_leave_exactly_twenty()
    {
        var author = await _app.CreateUserAsync("Author");
        var message = (await _circuits.Get<IChatService>(author).SendAsync(Room.PublicRoomId, Guid.NewGuid(), "race me")).Value!;
        var people = new List<Server.Identity.User>();
        for (var i = 0; i < 25; i++)
        {
            people.Add(await _app.CreateUserAsync($"Racer {i}"));
        }

        var emoji = _app.Services.GetRequiredService<LetsChat.Components.Chat.Reactions.EmojiCatalog>().Groups[0].Emoji.Take(25).Select(e => e.Emoji).ToList();
        var results = await Task.WhenAll(people.Select((person, i) => _circuits.Get<IReactionService>(person).ToggleAsync(message.Id, emoji[i])));

        results.Count(r => r.Succeeded).ShouldBe(20);
        results.Where(r => !r.Succeeded).ShouldAllBe(r => r.Message == ReactionStore.TooMany);
        await using var db = await _app.CreateDbAsync();
        (await db.Reactions.Where(r => r.MessageId == message.Id).Select(r => r.Emoji).Distinct().CountAsync()).ShouldBe(20);
    }

    [Fact]
    public async Task One_person_toggling_from_many_tabs_at_once_ends_with_one_row_or_none()
    {
        var ada = await _app.CreateUserAsync("Ada");
        var message = (await _circuits.Get<IChatService>(ada).SendAsync(Room.PublicRoomId, Guid.NewGuid(), "toggle me")).Value!;
        var tabs = Enumerable.Range(0, 4).Select(i => _circuits.For(ada, newTab: i > 0).Get<IReactionService>()).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => tabs[i % 4].ToggleAsync(message.Id, "👍")));

        results.ShouldAllBe(r => r.Succeeded);
        await using var db = await _app.CreateDbAsync();
        (await db.Reactions.CountAsync(r => r.MessageId == message.Id)).ShouldBe(0); // 12 toggles: off
        (await db.Messages.SingleAsync(m => m.Id == message.Id)).Version.ShouldBe(12);
    }
}

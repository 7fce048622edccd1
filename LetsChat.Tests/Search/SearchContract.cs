using LetsChat.Components.Admin;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.Search;
using LetsChat.Components.Friends;
using LetsChat.Components.Rooms;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Server.Search;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Search;

/// <summary>
/// What message search promises, run once on SQLite (FTS5) and once on PostgreSQL (tsvector): the same data gives the
/// same answers on both, and access is checked by the query itself for every kind of reader.
/// </summary>
public abstract class SearchContract : IAsyncLifetime
{
    protected LetsChatApp App { get; private set; } = default!;

    protected CircuitPool Circuits { get; private set; } = default!;

    /// <summary>The app under test, on the database this subclass is for.</summary>
    protected abstract Task<LetsChatApp> StartAppAsync();

    /// <summary>The app each search test runs: on SQLite, or on the PostgreSQL database given; mod@example.com moderates.</summary>
    protected static LetsChatApp CreateApp(string? postgres = null) =>
        new(new Dictionary<string, string?> { ["LetsChat:Moderators:0"] = "mod@example.com" }, postgresConnectionString: postgres);

    public async ValueTask InitializeAsync()
    {
        App = await StartAppAsync();
        Circuits = new CircuitPool(App);
    }

    public async ValueTask DisposeAsync()
    {
        await Circuits.DisposeAsync();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Words_match_as_prefixes_phrases_in_order_and_excluded_words_leave_messages_out()
    {
        var ada = await App.CreateUserAsync("Ada");
        var meeting = await SendAsync(ada, Room.PublicRoomId, "The meeting moved to Friday afternoon");
        var friday = await SendAsync(ada, Room.PublicRoomId, "Friday is pizza day, no meeting");
        var other = await SendAsync(ada, Room.PublicRoomId, "Afternoon tea in the garden");

        (await IdsAsync(ada, "meet")).ShouldBe([friday, meeting]);
        (await IdsAsync(ada, "FRIDAY meet")).ShouldBe([friday, meeting]);
        (await IdsAsync(ada, "\"friday afternoon\"")).ShouldBe([meeting]);
        (await IdsAsync(ada, "\"afternoon friday\"")).ShouldBeEmpty();
        (await IdsAsync(ada, "afternoon -pizza")).ShouldBe([other, meeting]);
        (await IdsAsync(ada, "friday -meeting")).ShouldBeEmpty();
        (await IdsAsync(ada, "garden -friday")).ShouldBe([other]);
    }

    [Fact]
    public async Task Each_filter_narrows_the_messages_found()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));
        var group = await App.CreateGroupAsync(Circuits, ada, bob);
        var privateRoom = await PrivateRoomAsync(ada, "Bob");
        var inPublic = await SendAsync(ada, Room.PublicRoomId, "report draft in public");
        var inGroup = await SendAsync(bob, group, "report draft for the group https://example.com/report");
        var inPrivate = await SendAsync(bob, privateRoom, "report draft between us");
        var withFile = await SendWithFileAsync(ada, group, "report draft attached");

        (await IdsAsync(ada, "report")).ShouldBe([withFile, inPrivate, inGroup, inPublic]);
        (await IdsAsync(ada, $"report from:@{bob.Handle}")).ShouldBe([inPrivate, inGroup]);
        (await IdsAsync(ada, "draft in:\"Study group\"")).ShouldBe([withFile, inGroup]);
        (await IdsAsync(ada, "draft in:bob")).ShouldBe([inPrivate]);
        (await IdsAsync(ada, $"draft in:@{bob.Handle}")).ShouldBe([inPrivate]);
        (await IdsAsync(ada, "has:file")).ShouldBe([withFile]);
        (await IdsAsync(ada, "report has:link")).ShouldBe([inGroup]);
        (await IdsAsync(ada, $"draft after:{DateTime.UtcNow.AddDays(-2):yyyy-MM-dd}")).Count.ShouldBe(4);
        (await IdsAsync(ada, $"draft before:{DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}")).ShouldBeEmpty();
        (await IdsAsync(ada, $"draft after:{DateTime.UtcNow.AddDays(1):yyyy-MM-dd}")).ShouldBeEmpty();
        (await IdsAsync(ada, $"from:@{ada.Handle} -attached")).ShouldBe([inPublic]);

        // Days are the reader's own: fourteen hours ahead of UTC, "today" may be tomorrow in UTC.
        var kiritimati = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati");
        Circuits.Get<LetsChat.Components.Shared.ReaderTimeZone>(ada).Set(kiritimati);
        var herToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, kiritimati).DateTime);
        (await IdsAsync(ada, $"draft after:{herToday.AddDays(-1):yyyy-MM-dd}")).Count.ShouldBe(4);
        (await IdsAsync(ada, $"draft after:{herToday:yyyy-MM-dd}")).ShouldBeEmpty();
        (await IdsAsync(ada, $"draft before:{herToday:yyyy-MM-dd}")).ShouldBeEmpty();
        (await IdsAsync(ada, $"draft before:{herToday.AddDays(1):yyyy-MM-dd}")).Count.ShouldBe(4);

        var nobody = await SearchAsync(ada, "report from:@nobody_here");
        nobody.Hits.ShouldBeEmpty();
        nobody.Notices.ShouldBe(["Nobody has the handle @nobody_here."]);
        (await SearchAsync(ada, "report in:nowhere")).Notices.ShouldBe(["You have no room called “nowhere”."]);
    }

    [Fact]
    public async Task Nobody_finds_a_message_in_a_room_they_cannot_read()
    {
        var (ada, bob, cy, eve) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Cy"), await App.CreateUserAsync("Eve"));
        var group = await App.CreateGroupAsync(Circuits, ada, bob, cy);
        var privateRoom = await PrivateRoomAsync(ada, "Bob");
        var inGroup = await SendAsync(ada, group, "secret plans for the group");
        var inPrivate = await SendAsync(ada, privateRoom, "secret plans just for Bob");
        var inPublic = await SendAsync(ada, Room.PublicRoomId, "secret plans everyone may read");

        (await IdsAsync(bob, "secret")).ShouldBe([inPublic, inPrivate, inGroup]);
        (await IdsAsync(eve, "secret")).ShouldBe([inPublic], "a stranger finds only the public room's");
        (await IdsAsync(cy, "secret")).ShouldBe([inPublic, inGroup], "a member finds the group's, not a private room's");

        (await Circuits.Get<IRoomService>(ada).RemoveMemberAsync(group, cy.Id)).Succeeded.ShouldBeTrue();
        (await IdsAsync(cy, "secret")).ShouldBe([inPublic], "a removed member no longer finds the group's");

        // After an unfriend both keep the private room's read-only history (it still opens), so its messages stay findable.
        (await Circuits.Get<IFriendService>(ada).UnfriendAsync(bob.Id)).Succeeded.ShouldBeTrue();
        (await IdsAsync(bob, "secret")).ShouldBe([inPublic, inPrivate, inGroup]);

        await using (var db = await App.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == bob.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsBanned, true));
        }

        var banned = await Circuits.Get<IMessageSearch>(bob).SearchAsync(SearchQuery.Parse("secret"), SearchOrder.Newest);
        (banned.Value?.Hits ?? []).ShouldBeEmpty("a banned account finds nothing");
        await using var visitor = App.OpenCircuit(new System.Security.Claims.ClaimsPrincipal());
        var asVisitor = await visitor.Get<IMessageSearch>().SearchAsync(SearchQuery.Parse("secret"), SearchOrder.Newest);
        asVisitor.Succeeded.ShouldBeFalse();
        asVisitor.Message.ShouldBe(MessageSearch.SignInFirst);
    }

    [Fact]
    public async Task Edits_deletions_and_a_moderators_removal_change_what_is_found_at_once()
    {
        var (ada, mod) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Mod", "mod@example.com"));
        var typo = await SendAsync(ada, Room.PublicRoomId, "lets meet at the libary");
        var deleted = await SendAsync(ada, Room.PublicRoomId, "library hours are posted");
        var removed = await SendAsync(ada, Room.PublicRoomId, "library spam spam spam");
        (await IdsAsync(ada, "library")).ShouldBe([removed, deleted]);

        (await Circuits.Get<IChatService>(ada).EditAsync(typo, "lets meet at the library")).Succeeded.ShouldBeTrue();
        (await Circuits.Get<IChatService>(ada).DeleteAsync(deleted)).Succeeded.ShouldBeTrue();
        (await Circuits.Get<IAdminService>(mod).RemoveMessageAsync(removed, "spam")).Succeeded.ShouldBeTrue();

        (await IdsAsync(ada, "library")).ShouldBe([typo]);
        (await IdsAsync(ada, "libary")).ShouldBeEmpty();
        (await IdsAsync(mod, "spam")).ShouldBeEmpty("a moderator's removal hides the message from moderators' searches too");
    }

    [Fact]
    public async Task Best_match_puts_the_closest_message_first_and_snippets_mark_the_words_found()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));
        var dense = await SendAsync(ada, Room.PublicRoomId, "Rocket launch: the rocket, the rocket crew and the rocket pad");
        var sparse = await SendAsync(ada, Room.PublicRoomId,
            "We talked about lunch, the weather, a long list of chores, the garden, the car, the trip next week and, briefly, a rocket");
        await SendAsync(ada, Room.PublicRoomId, $"@{bob.Handle} wants to see the rocket launch");

        var newest = await SearchAsync(ada, "rocket");
        newest.Hits.Select(h => h.MessageId).Skip(1).ShouldBe([sparse, dense]);
        var best = await SearchAsync(ada, "rocket", SearchOrder.BestMatch);
        best.Hits[0].MessageId.ShouldBe(dense);

        var mention = newest.Hits[0];
        string.Concat(mention.Snippet.Select(p => p.Text)).ShouldBe("@Bob wants to see the rocket launch");
        mention.Snippet.Where(p => p.IsMatch).Select(p => p.Text).ShouldBe(["rocket"]);
        mention.AuthorName.ShouldBe("Ada");
        mention.RoomName.ShouldBe("Public room");
        mention.Href.ShouldBe($"/chat/{Room.PublicRoomId}/m/{mention.Sequence}");
        var launch = await SearchAsync(ada, "launc");
        launch.Hits.ShouldAllBe(h => h.Snippet.Any(p => p.IsMatch && p.Text.Equals("launch", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task People_and_rooms_are_found_by_name_beside_the_messages()
    {
        var (ada, adeline, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Adeline Park"), await App.CreateUserAsync("Bob"));
        var group = await App.CreateGroupAsync(Circuits, ada, bob);
        await App.CreateGroupAsync(Circuits, bob);

        var results = await SearchAsync(ada, "study");
        results.Rooms.ShouldBe([new RoomMatch(group, RoomKind.Group, "Study group")], "only rooms Ada may read");
        (await SearchAsync(ada, "park")).People.Select(p => p.UserId).ShouldBe([adeline.Id]);
        (await SearchAsync(ada, "ad")).People.Select(p => p.UserId).ShouldBe([ada.Id, adeline.Id], ignoreOrder: true);
        (await SearchAsync(ada, "park has:file")).People.ShouldBeEmpty("with a filter, the reader is after messages");
    }

    [Theory]
    [InlineData("\"unclosed phrase")]
    [InlineData("' OR 1=1 --")]
    [InlineData("NEAR(a b) OR * AND NOT ^col:x")]
    [InlineData("a:* & !b | (c <-> d)")]
    [InlineData("\\\" \\' %_ ;DROP TABLE \"Messages\"")]
    [InlineData("-- - -\"\" \"\" ::")]
    [InlineData("🙂 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ça")]
    public async Task Hostile_or_odd_input_is_searched_as_text_and_never_breaks_the_query(string text)
    {
        var ada = await App.CreateUserAsync("Ada");
        var kept = await SendAsync(ada, Room.PublicRoomId, "plain words stay findable");

        var result = await Circuits.Get<IMessageSearch>(ada).SearchAsync(SearchQuery.Parse(text), SearchOrder.BestMatch);

        result.Succeeded.ShouldBeTrue(result.Message);
        result.Value!.Hits.ShouldNotContain(h => h.MessageId == kept);
        (await IdsAsync(ada, "findable")).ShouldBe([kept]);
    }

    [Fact]
    public async Task Searching_too_fast_is_refused_with_a_time_to_wait()
    {
        var ada = await App.CreateUserAsync("Ada");
        var search = Circuits.Get<IMessageSearch>(ada);
        var results = new List<bool>();
        for (var i = 0; i < 21; i++)
        {
            results.Add((await search.SearchAsync(SearchQuery.Parse("anything " + i), SearchOrder.Newest)).Succeeded);
        }

        results.Take(20).ShouldAllBe(r => r);
        var refused = await search.SearchAsync(SearchQuery.Parse("one more"), SearchOrder.Newest);
        refused.Succeeded.ShouldBeFalse();
        refused.Message.ShouldStartWith("You are searching too fast. You can go on in");
    }

    protected async Task<long> SendAsync(User user, long roomId, string text)
    {
        var sent = await Circuits.Get<IChatService>(user).SendAsync(roomId, Guid.NewGuid(), text);
        sent.Succeeded.ShouldBeTrue(sent.Message);
        return sent.Value!.Id;
    }

    protected async Task<long> PrivateRoomAsync(User user, string friendName) =>
        (await Circuits.Get<IRoomList>(user).GetRoomsAsync()).Single(r => r.Kind == RoomKind.Private && r.Name == friendName).Id;

    protected async Task<SearchResults> SearchAsync(User user, string text, SearchOrder order = SearchOrder.Newest)
    {
        var result = await Circuits.Get<IMessageSearch>(user).SearchAsync(SearchQuery.Parse(text), order);
        result.Succeeded.ShouldBeTrue(result.Message);
        return result.Value!;
    }

    protected async Task<List<long>> IdsAsync(User user, string text, SearchOrder order = SearchOrder.Newest) =>
        (await SearchAsync(user, text, order)).Hits.Select(h => h.MessageId).ToList();

    // The attachment row as an upload leaves it, sent with the message: search reads only that a message has one.
    private async Task<long> SendWithFileAsync(User user, long roomId, string text)
    {
        var id = await SendAsync(user, roomId, text);
        await using var db = await App.CreateDbAsync();
        db.Attachments.Add(new Server.Files.Attachment
        {
            UploaderId = user.Id, RoomId = roomId, MessageId = id, ContentHash = new string('a', 64), FileName = "report.pdf",
            ContentType = "application/pdf", Length = 10, CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return id;
    }
}

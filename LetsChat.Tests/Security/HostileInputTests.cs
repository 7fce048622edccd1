using System.Text;
using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Friends;
using LetsChat.Components.Rooms;
using LetsChat.Server.Profiles;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Security;

/// <summary>
/// Thousands of generated hostile strings and ids through every input: never an unhandled exception, never markup
/// that could run, never a write that breaks a later read.
/// </summary>
public sealed class HostileInputTests : ComponentTest, IAsyncLifetime
{
    private readonly LetsChatApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A reproducible corpus: known attacks, and random mixes of their pieces with awkward characters.</summary>
    public static IReadOnlyList<string> Corpus(int count)
    {
        string[] seeds =
        [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "<a href=\"javascript:alert(1)\">x</a>", "\"><script>",
            "'; DROP TABLE Messages; --", "' OR '1'='1", "%00", "\0", "\u202Eevil\u202C", "\u200B\u200C\u200D\uFEFF", "\uD800", "\uDFFF",
            "𝕳𝖊𝖑𝖑𝖔", "👨‍👩‍👧‍👦", "ﷺ", "\r\n\t", "{{7*7}}", "${7*7}", "@Html.Raw(\"<b>\")", "<style>*{display:none}</style>",
            "<iframe src=//evil>", "&lt;script&gt;", "99999999999999999999999", "-1", new string('x', 4000), new string('é', 4001), "   ",
        ];
        var random = new Random(20261125);
        var corpus = new List<string>(seeds);
        while (corpus.Count < count)
        {
            var builder = new StringBuilder();
            for (var parts = random.Next(1, 5); parts > 0; parts--)
            {
                builder.Append(random.Next(4) switch
                {
                    0 => seeds[random.Next(seeds.Length)],
                    1 => (char)random.Next(0, 0x20),
                    2 => (char)random.Next(0xD800, 0xE000),
                    _ => (char)random.Next(0x20, 0x3000),
                });
            }

            corpus.Add(builder.ToString());
        }

        return corpus;
    }

    [Fact]
    public async Task Ten_thousand_hostile_strings_through_every_text_input_cause_no_error_and_no_markup()
    {
        var corpus = Corpus(10_000);
        var author = await _app.CreateUserAsync("Mallory");
        await _app.MakeFriendsAsync(author, await _app.CreateUserAsync("Friend"));
        await using var circuit = _app.OpenCircuit(author);
        var chat = circuit.Get<IChatService>();
        var friends = circuit.Get<IFriendService>();
        var rooms = circuit.Get<IRoomService>();
        var sent = 0;

        for (var i = 0; i < corpus.Count; i++)
        {
            var text = corpus[i];
            // Every input must answer with a result, never throw.
            DisplayNames.Clean(text);
            Handles.Propose(text);
            if (i % 10 == 0)
            {
                (await friends.SearchAsync(text)).ShouldNotBeNull();
            }

            if (i % 50 == 0)
            {
                (await rooms.CreateAsync(text, text)).ShouldNotBeNull();
            }

            if (i % 4 == 0)
            {
                var result = await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), text);
                (result.Succeeded || result.Message.Length > 0).ShouldBeTrue();
                sent += result.Succeeded ? 1 : 0;
            }
        }

        sent.ShouldBeGreaterThan(1000);
        // Every stored message reads back, and renders as text with no element or handler it brought along.
        await using var db = await _app.CreateDbAsync();
        (await db.Messages.CountAsync()).ShouldBe(sent);
        var all = new List<ChatMessage>();
        for (long before = long.MaxValue; ;)
        {
            var page = await chat.LoadOlderAsync(Room.PublicRoomId, before);
            all.AddRange(page.Messages);
            if (page.Messages.Count == 0)
            {
                break;
            }

            before = page.Messages[0].Sequence;
        }

        all.Count.ShouldBe(sent);
        for (var start = 0; start < all.Count; start += 500)
        {
            var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(all.Skip(start).Take(500))));
            list.FindAll("script, iframe, svg, style, img, [onerror], [onload], [onclick], a[href^='javascript'], a[href^='data']").ShouldBeEmpty();
            // Links in what people wrote lead only to the web; the author's name leads to their profile, by its handle.
            list.FindAll(".msg-body a").ShouldAllBe(a => a.GetAttribute("href")!.StartsWith("http", StringComparison.OrdinalIgnoreCase));
            list.FindAll(".msg-author").ShouldAllBe(a => a.GetAttribute("href") == null || a.GetAttribute("href")!.StartsWith("/u/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Forged_and_absurd_ids_in_every_id_taking_action_are_refused_without_an_error()
    {
        long[] ids = [0, -1, -999_999, long.MinValue, long.MaxValue, 1, 2, 3, 123_456_789];
        await using var circuit = _app.OpenCircuit(await _app.CreateUserAsync("Prober"));
        var chat = circuit.Get<IChatService>();
        var friends = circuit.Get<IFriendService>();
        var rooms = circuit.Get<IRoomService>();

        foreach (var id in ids)
        {
            await chat.LoadOlderAsync(id, id);
            (await chat.EditAsync(id, "x")).Succeeded.ShouldBeFalse();
            (await chat.DeleteAsync(id)).Succeeded.ShouldBeFalse();
            await chat.MarkReadAsync(id, id);
            await chat.TypingAsync(id);
            (await friends.AcceptAsync(id)).Succeeded.ShouldBeFalse();
            (await friends.DeclineAsync(id)).Succeeded.ShouldBeFalse();
            (await friends.CancelAsync(id)).Succeeded.ShouldBeFalse();
            (await friends.UnfriendAsync(id)).Succeeded.ShouldBeFalse();
            await friends.SendRequestAsync(id);
            (await rooms.GetMembersAsync(id)).ShouldBeNull();
            (await rooms.AddMemberAsync(id, id)).Succeeded.ShouldBeFalse();
            (await rooms.RemoveMemberAsync(id, id)).Succeeded.ShouldBeFalse();
            (await rooms.DeleteAsync(id)).Succeeded.ShouldBeFalse();
            (await rooms.TransferOwnershipAsync(id, id)).Succeeded.ShouldBeFalse();
            (await rooms.RenameAsync(id, "x", null)).Succeeded.ShouldBeFalse();
        }

        await using var db = await _app.CreateDbAsync();
        (await db.Messages.CountAsync()).ShouldBe(0);
        (await db.Rooms.CountAsync()).ShouldBe(1);
    }
}

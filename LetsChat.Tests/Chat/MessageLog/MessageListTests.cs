using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Chat.MessageLog;

public sealed class MessageListTests : ComponentTest
{
    private static ChatMessage Message(long sequence, string author, string body) =>
        new(sequence, 1, sequence, sequence % 3, author, null, body, new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));

    private static MessageReader Reader(long userId) => new(userId, "Reader", null, CanWrite: true, CanModerate: false, Actions: null);

    // What a page does: change the log, commit, and have the list show it.
    private static LogChange Show(IRenderedComponent<MessageList> list, Action<MessageBlocks> change)
    {
        var log = list.Instance.Log;
        change(log);
        var committed = log.Commit();
        list.InvokeAsync(() => list.Instance.Refresh(committed));
        return committed;
    }

    [Fact]
    public void Shows_each_message_as_an_article_with_author_time_and_body_in_a_log_named_Messages()
    {
        var messages = new List<ChatMessage> { Message(1, "Alice", "Hello"), Message(2, "Bob", "Hi Alice") };

        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)));

        var log = list.Find("[role=log]");
        log.GetAttribute("aria-label").ShouldBe("Messages");
        var articles = list.FindAll("article");
        articles.Count.ShouldBe(2);
        articles[0].TextContent.ShouldContain("Alice");
        articles[0].TextContent.ShouldContain("Hello");
        articles[0].QuerySelector("time")!.GetAttribute("datetime").ShouldBe("2026-11-25T09:30:00.0000000+00:00");
        articles[1].TextContent.ShouldContain("Bob");
    }

    [Fact]
    public void An_empty_room_says_what_to_do()
    {
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(new List<ChatMessage>())));

        list.Find(".empty-state").TextContent.ShouldBe("No messages yet. Say hello!");
        list.FindAll("article").ShouldBeEmpty();
    }

    [Fact]
    public void Markup_in_a_body_is_shown_as_text_and_never_becomes_elements()
    {
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a>";

        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(new List<ChatMessage> { Message(1, "<b>Mallory</b>", hostile) })));

        var body = list.Find(".msg-body");
        body.TextContent.ShouldBe(hostile);
        body.Children.Select(c => c.LocalName).ShouldBe(["p"]);
        body.Children[0].ChildElementCount.ShouldBe(0);
        list.Find(".msg-author").TextContent.ShouldBe("<b>Mallory</b>");
        list.FindAll("script, img[src=x], a[href^=javascript], b").ShouldBeEmpty();
    }

    [Fact]
    public void A_new_message_renders_one_new_row_and_leaves_the_others_alone()
    {
        // The reader's own messages are components (they carry Edit and Delete), so their renders can be counted.
        var messages = Enumerable.Range(1, 50).Select(i => Message(i, "Alice", $"m{i}") with { AuthorId = 7 }).ToList();
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)).Add(l => l.Reader, Reader(7)));
        var rows = list.FindComponents<MessageRow>();
        var rendersBefore = rows.Select(r => r.RenderCount).ToList();

        Show(list, log => log.Add(Message(51, "Alice", "m51") with { AuthorId = 7 }));

        var rowsAfter = list.FindComponents<MessageRow>();
        rowsAfter.Count.ShouldBe(51);
        rowsAfter.Take(50).Select(r => r.RenderCount).ShouldBe(rendersBefore);
        rowsAfter[50].RenderCount.ShouldBe(1);
        list.FindAll("article")[^1].TextContent.ShouldContain("m51");
    }

    [Fact]
    public void A_row_nobody_can_act_on_is_one_piece_of_html_shared_by_every_reader()
    {
        var message = Message(1, "Alice", "Hello **there**");
        var first = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(new List<ChatMessage> { message })).Add(l => l.Reader, Reader(5)));
        var second = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(new List<ChatMessage> { message })).Add(l => l.Reader, Reader(6)));

        first.FindComponents<MessageRow>().ShouldBeEmpty();
        first.Find("article").OuterHtml.ShouldBe(second.Find("article").OuterHtml);
        first.Find(".msg-body strong").TextContent.ShouldBe("there");
        var rows = Services.GetRequiredService<MessageRowMarkup>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        rows.Of(message, TimeZoneInfo.Utc, today).ShouldBeSameAs(rows.Of(message, TimeZoneInfo.Utc, today));
        rows.Of(message with { AuthorName = "Alicia" }, TimeZoneInfo.Utc, today).ShouldContain("Alicia");
    }

    [Fact]
    public void A_new_message_re_renders_only_the_newest_block_of_rows()
    {
        var messages = Enumerable.Range(1, 120).Select(i => Message(i, "Alice", $"m{i}")).ToList();
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)));
        var blocks = list.FindComponents<MessageBlock>();
        var rendersBefore = blocks.Select(b => b.RenderCount).ToList();

        Show(list, log => log.Add(Message(121, "Bob", "m121"))).ShouldBe(LogChange.NewestBlock);

        var blocksAfter = list.FindComponents<MessageBlock>();
        blocksAfter.Count.ShouldBe(3);
        blocksAfter.Take(2).Select(b => b.RenderCount).ShouldBe(rendersBefore.Take(2));
        blocksAfter[2].RenderCount.ShouldBe(rendersBefore[2] + 1);
        list.FindAll("article").Count.ShouldBe(121);
        list.FindAll("article")[^1].TextContent.ShouldContain("m121");
    }

    [Fact]
    public void Appends_fill_the_newest_block_then_start_the_next_leaving_older_blocks_unrendered()
    {
        var messages = Enumerable.Range(1, 98).Select(i => Message(i, "Alice", $"m{i}")).ToList();
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)));
        var firstBlockRenders = list.FindComponents<MessageBlock>()[0].RenderCount;

        // Blocks count from the first message: 99 and 100 fill the block of 51..100, 101 opens the next one.
        var newestRenders = list.FindComponents<MessageBlock>()[^1].RenderCount;
        Show(list, log => log.Add(Message(99, "Bob", "m99"))).ShouldBe(LogChange.NewestBlock);
        list.FindComponents<MessageBlock>()[^1].RenderCount.ShouldBe(newestRenders + 1);
        Show(list, log => { log.Add(Message(100, "Bob", "m100")); log.Add(Message(101, "Bob", "m101")); }).ShouldBe(LogChange.All);

        list.FindAll("article .msg-body").Select(b => b.TextContent.Trim()).ShouldBe(Enumerable.Range(1, 101).Select(i => $"m{i}"));
        var blocks = list.FindComponents<MessageBlock>();
        blocks.Select(b => b.Instance.Slice.Key).ShouldBe([0L, 1L, 2L]);
        blocks[0].RenderCount.ShouldBe(firstBlockRenders);

        // An edit regroups every block, and renders only the one that holds it.
        var secondBlockRenders = blocks[1].RenderCount;
        Show(list, log => log.Replace(messages[0] with { Body = "m1 (edited)", EditedAt = messages[0].CreatedAt.AddMinutes(1) }));
        list.Find("article .msg-body").TextContent.Trim().ShouldBe("m1 (edited)");
        list.FindComponents<MessageBlock>().Count.ShouldBe(3);
        list.FindComponents<MessageBlock>()[0].RenderCount.ShouldBe(firstBlockRenders + 1);
        list.FindComponents<MessageBlock>()[1].RenderCount.ShouldBe(secondBlockRenders);
    }

    [Fact]
    public void The_page_a_room_opens_with_is_one_block_and_an_older_page_goes_before_it_in_blocks_of_its_own()
    {
        var messages = Enumerable.Range(37, 50).Select(i => Message(i, "Alice", $"m{i}")).ToList();
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)));
        list.FindComponents<MessageBlock>().Count.ShouldBe(1);

        Show(list, log => log.AddOlder([.. Enumerable.Range(1, 36).Select(i => Message(i, "Alice", $"m{i}"))]));

        list.FindComponents<MessageBlock>().Select(b => b.Instance.Slice.Key).ShouldBe([-1L, 0L]);
        list.FindAll("article .msg-body").Select(b => b.TextContent.Trim()).ShouldBe(Enumerable.Range(1, 86).Select(i => $"m{i}"));
    }

    [Fact]
    public void Times_are_shown_in_the_readers_time_zone()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));

        Services.GetRequiredService<ReaderTimeZone>().Set(tokyo);

        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([Message(1, "Alice", "Hello")])));

        list.Find("time").TextContent.ShouldBe("18:30");
    }

    [Fact]
    public void Message_times_say_the_clock_time_and_turn_to_yesterday_at_the_readers_midnight_from_one_timer()
    {
        var posted = new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);
        var time = new CountingTime(posted.AddSeconds(10));
        Services.AddSingleton<TimeProvider>(time);
        var messages = Enumerable.Range(1, 30).Select(i => Message(i, "Alice", $"m{i}") with { CreatedAt = posted }).ToList();

        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)));
        list.FindAll("time").Select(t => t.TextContent).Distinct().ShouldBe(["09:30"]);

        time.Advance(TimeSpan.FromHours(14));
        list.WaitForAssertion(() => list.FindAll("time").Select(t => t.TextContent).Distinct().ShouldBe(["09:30"]));
        time.Advance(TimeSpan.FromHours(1));
        list.WaitForAssertion(() => list.FindAll("time").Select(t => t.TextContent).Distinct().ShouldBe(["yesterday at 09:30"]));

        time.TimersCreated.ShouldBe(1);
    }

    [Fact]
    public void The_clock_stops_when_nothing_shows_a_time()
    {
        var time = new CountingTime(DateTimeOffset.UnixEpoch);
        using var clock = new LetsChat.Components.Shared.CircuitClock(time);

        var first = clock.Subscribe(() => { });
        var second = clock.Subscribe(() => { });
        first.Dispose();
        second.Dispose();
        using var third = clock.Subscribe(() => { });

        time.TimersCreated.ShouldBe(2);
    }

    private sealed class CountingTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public int TimersCreated { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}

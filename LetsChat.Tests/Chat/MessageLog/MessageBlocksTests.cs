using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;

namespace LetsChat.Tests.Chat.MessageLog;

/// <summary>The message log's grouping into blocks, without a renderer.</summary>
public sealed class MessageBlocksTests
{
    private static ChatMessage Message(long sequence, string body = "") =>
        new(sequence, 1, sequence, 2, "Alice", null, body.Length > 0 ? body : $"m{sequence}", DateTimeOffset.UnixEpoch);

    private static MessageBlocks Log(int from, int to) => MessageBlocks.Of(Enumerable.Range(from, to - from + 1).Select(i => Message(i)));

    [Fact]
    public void Blocks_count_from_the_first_message_committed_and_older_ones_get_negative_numbers()
    {
        var log = Log(37, 86);

        log.Slices.Select(s => s.Key).ShouldBe([0L]);
        log.BlockOf(37).ShouldBe(0);
        log.BlockOf(86).ShouldBe(0);
        log.BlockOf(87).ShouldBe(1);
        log.BlockOf(36).ShouldBe(-1);
        log.BlockOf(1).ShouldBe(-1);
        log.BlockOf(-13).ShouldBe(-1);
        log.BlockOf(-14).ShouldBe(-2);
    }

    [Fact]
    public void A_message_that_fits_the_newest_block_changes_only_that_slice_and_nothing_committed_twice_changes_anything()
    {
        var log = Log(1, 60);
        var before = log.Slices.ToList();

        log.Add(Message(61)).ShouldBeTrue();
        log.Commit().ShouldBe(LogChange.NewestBlock);

        log.Slices[0].ShouldBeSameAs(before[0]);
        log.Slices[1].ShouldNotBeSameAs(before[1]);
        log.Slices[1].Messages.ToArray().Select(m => m.Sequence).ShouldBe(Enumerable.Range(51, 11).Select(i => (long)i));
        before[1].Count.ShouldBe(10); // the slice a screen rendered before still shows what it showed
        log.Commit().ShouldBe(LogChange.None);
        log.Add(Message(61)).ShouldBeFalse(); // the sender's confirmation of a message already shown
        log.Commit().ShouldBe(LogChange.None);
    }

    [Fact]
    public void A_message_past_the_newest_block_opens_the_next_and_keeps_the_others()
    {
        var log = Log(1, 100);
        var before = log.Slices.ToList();

        log.Add(Message(101));
        log.Commit().ShouldBe(LogChange.All);

        log.Slices.Select(s => s.Key).ShouldBe([0L, 1L, 2L]);
        log.Slices[0].ShouldBeSameAs(before[0]);
        log.Slices[1].ShouldBeSameAs(before[1]);
        log.Slices[2].Messages.ToArray().Single().Sequence.ShouldBe(101);
    }

    [Fact]
    public void An_edit_makes_a_new_slice_for_its_block_alone()
    {
        var log = Log(1, 120);
        var before = log.Slices.ToList();

        log.Replace(Message(60, "edited")).ShouldBeTrue();
        log.Replace(Message(999)).ShouldBeFalse();
        log.Commit().ShouldBe(LogChange.All);

        log.Slices[0].ShouldBeSameAs(before[0]);
        log.Slices[1].ShouldNotBeSameAs(before[1]);
        log.Slices[1].Messages[9].Body.ShouldBe("edited");
        log.Slices[2].ShouldBeSameAs(before[2]);
    }

    [Fact]
    public void A_message_that_overtook_others_goes_in_its_place()
    {
        var log = Log(1, 10);
        log.Add(Message(13));
        log.Add(Message(12));
        log.Add(Message(11));
        log.Commit();

        log.Messages.Select(m => m.Sequence).ShouldBe(Enumerable.Range(1, 13).Select(i => (long)i));
        log.Slices.Single().Messages.ToArray().Select(m => m.Sequence).ShouldBe(Enumerable.Range(1, 13).Select(i => (long)i));
    }

    [Fact]
    public void Dropping_the_oldest_goes_to_a_block_boundary_and_names_the_first_message_never_shown()
    {
        var log = Log(1, 180);

        log.DropOldest(keep: 100, shownThrough: 90)!.Sequence.ShouldBe(91);
        log.Commit();

        log.Messages[0].Sequence.ShouldBe(101); // keeping 100 would split the block of 51..100: all of it goes
        log.Slices.Select(s => s.Key).ShouldBe([2L, 3L]);
        log.DropOldest(keep: 100, shownThrough: 180).ShouldBeNull();
    }

    [Fact]
    public void An_older_page_adds_only_what_is_older_than_the_oldest_held()
    {
        var log = Log(51, 100);

        log.AddOlder([.. Enumerable.Range(1, 60).Select(i => Message(i))]).ShouldBe(50);
        log.Commit().ShouldBe(LogChange.All);

        log.Messages.Select(m => m.Sequence).ShouldBe(Enumerable.Range(1, 100).Select(i => (long)i));
        log.Slices.Select(s => s.Key).ShouldBe([-1L, 0L]);
    }

    [Fact]
    public void An_author_change_replaces_only_their_messages()
    {
        var log = Log(1, 3);
        log.Add(Message(4) with { AuthorId = 9 });
        log.Commit();
        var untouched = log.Messages[0];

        log.Map(new AuthorChanged(1, 9, "Zed", null, "zed").ApplyTo);
        log.Commit().ShouldBe(LogChange.All);

        log.Messages[0].ShouldBeSameAs(untouched);
        log.Messages[3].AuthorName.ShouldBe("Zed");
    }

    [Fact]
    public void Clearing_counts_blocks_afresh_from_the_next_room()
    {
        var log = Log(500, 510);
        log.Clear();
        log.Add(Message(7));
        log.Commit();

        log.Slices.Single().Key.ShouldBe(0);
        log.BlockOf(7).ShouldBe(0);
    }
}

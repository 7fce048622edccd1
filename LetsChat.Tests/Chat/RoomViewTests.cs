using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Rooms;

namespace LetsChat.Tests.Chat;

/// <summary>How an open room's screen takes its events, without a renderer.</summary>
public sealed class RoomViewTests
{
    private const long Me = 7;
    private static readonly RoomInfo Group = new(3, RoomKind.Group, "Book club", CanWrite: true);

    private static ChatMessage Message(long sequence, long author = 2, Guid clientId = default) =>
        new(sequence, Group.Id, sequence, author, "Alice", null, $"m{sequence}", DateTimeOffset.UnixEpoch, ClientMessageId: clientId);

    private static RoomView Opened(int latest, long lastRead = long.MaxValue, int maxShown = 500)
    {
        var view = new RoomView(Me, maxShown);
        view.Open(new RoomSession(Group, [.. Enumerable.Range(1, latest).Select(i => Message(i))], lastRead, new Nothing()));
        return view;
    }

    [Fact]
    public void A_new_message_changes_the_list_alone_and_says_who_stopped_typing()
    {
        var view = Opened(10);
        var typing = new TypingLog();

        var change = view.Apply([new UserTyping(Group.Id, 2, "Alice"), new UserTyping(Group.Id, Me, "Me"), new MessagePosted(Message(11))], long.MaxValue, typing);

        change.ShouldBe(new RoomViewChange(LogChange.NewestBlock, Page: false, MembersStale: false));
        typing.Notices.ShouldBe(["Alice typing", "2 stopped"]);
        view.NewestSequence.ShouldBe(11);
    }

    [Fact]
    public void A_reply_on_screen_follows_its_original_and_two_screens_share_the_replys_new_record()
    {
        var original = Message(1);
        var reply = Message(2) with { ReplyTo = ReplyQuote.Of(original) };
        var (one, two) = (new RoomView(Me, 500), new RoomView(Me, 500));
        foreach (var view in new[] { one, two })
        {
            view.Open(new RoomSession(Group, [original, reply], long.MaxValue, new Nothing()));
        }

        var deleted = new MessageDeleted(original with { IsDeleted = true, Body = "", Version = 1 });
        one.Apply([deleted], long.MaxValue, null).Log.ShouldNotBe(LogChange.None);
        two.Apply([deleted], long.MaxValue, null);

        one.Log.Messages[1].ReplyTo!.IsDeleted.ShouldBeTrue();
        one.Log.Messages[1].ShouldBeSameAs(two.Log.Messages[1]);
        one.Apply([new MessageReacted(original with { Version = 2 })], long.MaxValue, null);
        one.Log.Messages[1].ShouldBeSameAs(two.Log.Messages[1]);

        one.Apply([new AuthorChanged(Group.Id, original.AuthorId, "Alicia", null, "alicia")], long.MaxValue, null);
        one.Log.Messages[1].ReplyTo!.AuthorName.ShouldBe("Alicia");
    }

    [Fact]
    public void The_divider_stands_before_the_first_message_someone_else_wrote_after_the_read_mark()
    {
        var view = new RoomView(Me, 500);
        view.Open(new RoomSession(Group, [Message(1), Message(2, author: Me), Message(3)], lastReadSequence: 1, new Nothing()));

        view.DividerBefore.ShouldBe(3);
    }

    [Fact]
    public void The_readers_own_message_arriving_replaces_its_pending_row()
    {
        var view = Opened(10);
        var clientId = Guid.NewGuid();
        view.Pending.Add(new PendingMessage(clientId, "m11"));

        var change = view.Apply([new MessagePosted(Message(11, author: Me, clientId))], long.MaxValue, null);

        change.Page.ShouldBeTrue();
        view.Pending.ShouldBeEmpty();
        view.Log.Count.ShouldBe(11);
        view.Confirmed(Message(11, author: Me, clientId)); // the confirmation, after its event: shown once
        view.Log.Count.ShouldBe(11);
    }

    [Fact]
    public void Removal_from_the_room_shows_nothing_of_it_and_stops_at_that_event()
    {
        var view = Opened(10);

        var change = view.Apply([new MemberRemoved(Group.Id, Me, "The owner removed you."), new MessagePosted(Message(11))], long.MaxValue, null);

        change.Page.ShouldBeTrue();
        view.Removed.ShouldBe("The owner removed you.");
        view.Room.ShouldBeNull();
        view.Log.Count.ShouldBe(0);
    }

    [Fact]
    public void Someone_else_leaving_a_group_asks_for_its_members_again()
    {
        var view = Opened(1);

        view.Apply([new MemberRemoved(Group.Id, 2, "left")], long.MaxValue, null).MembersStale.ShouldBeTrue();
        view.Apply([new MessagePosted(Message(2) with { RoomId = 99 })], long.MaxValue, null).Log.ShouldBe(LogChange.None);
    }

    [Fact]
    public void Following_the_room_trims_whole_blocks_but_pages_read_back_stay_until_twice_the_limit()
    {
        var view = Opened(100, maxShown: 100);

        view.Apply([.. Enumerable.Range(101, 50).Select(i => new MessagePosted(Message(i)))], long.MaxValue, null);
        view.Log.Count.ShouldBe(150); // a block more than the limit is allowed before a whole block goes
        view.Apply([new MessagePosted(Message(151))], long.MaxValue, null).Page.ShouldBeTrue(); // "Load older" appears
        view.Log.Messages[0].Sequence.ShouldBe(101); // keeping 100 would split the block of 51..100: all of it goes
        view.HasOlder.ShouldBeTrue();
        view.SkippedFrom.ShouldBeNull(); // everything dropped had been shown

        view.AddOlder(OlderMessages.Page([.. Enumerable.Range(51, 50).Select(i => Message(i))]));
        view.Apply([.. Enumerable.Range(152, 90).Select(i => new MessagePosted(Message(i)))], long.MaxValue, null);
        view.Log.Messages[0].Sequence.ShouldBe(51); // the reader is reading back: 191 kept
        view.Apply([.. Enumerable.Range(242, 10).Select(i => new MessagePosted(Message(i)))], long.MaxValue, null);
        view.Log.Messages[0].Sequence.ShouldBe(201); // past twice the limit: back to following
    }

    [Fact]
    public void Messages_dropped_before_they_reached_the_screen_are_marked_where_the_list_jumped()
    {
        var view = Opened(50, maxShown: 100);

        view.Apply([.. Enumerable.Range(51, 250).Select(i => new MessagePosted(Message(i)))], shownThrough: 50, null);

        view.SkippedFrom.ShouldBe(51);
        view.Log.Messages[0].Sequence.ShouldBe(201);
        view.AddOlder(OlderMessages.Page([.. Enumerable.Range(1, 200).Select(i => Message(i))]));
        view.SkippedFrom.ShouldBeNull();
    }

    [Fact]
    public void A_new_slow_mode_changes_the_room_and_the_page_with_it()
    {
        var view = Opened(3);

        var change = view.Apply([new RoomModerationChanged(Group.Id, 120), new RoomModerationChanged(Group.Id + 1, 5)], long.MaxValue, null);

        change.Page.ShouldBeTrue();
        view.Room!.SlowModeSeconds.ShouldBe(120);
        view.Room.Name.ShouldBe(Group.Name);
    }

    private sealed class TypingLog : ITypingNotices
    {
        public List<string> Notices { get; } = [];

        public void Typing(long userId, string displayName) => Notices.Add($"{displayName} typing");

        public void Stopped(long userId) => Notices.Add($"{userId} stopped");
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

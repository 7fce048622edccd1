using LetsChat.Components.Chat;
using LetsChat.Server.Chat;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Chat;

/// <summary>
/// A room's events reach the window and the circuits in sequence order on each instance, even when two senders'
/// messages arrive the other way round; a message that never comes holds nothing up for longer than the wait.
/// </summary>
public sealed class SequenceGateTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<RoomEvent> _forwarded = [];
    private readonly SequenceGate _gate;

    public SequenceGateTests()
    {
        _gate = new SequenceGate(_forwarded.Add, _time);
        _gate.KnowLast(3);
    }

    public void Dispose() => _gate.Dispose();

    private static MessagePosted Posted(long sequence) =>
        new(new ChatMessage(100 + sequence, 7, sequence, 1, "Ada", null, $"message {sequence}", DateTimeOffset.UnixEpoch));

    private long[] Sequences() => [.. _forwarded.OfType<MessagePosted>().Select(p => p.Message.Sequence)];

    [Fact]
    public void Messages_in_order_go_straight_on()
    {
        _gate.Accept(Posted(4));
        _gate.Accept(Posted(5));

        Sequences().ShouldBe([4, 5]);
        _gate.Held.ShouldBe(0);
    }

    [Fact]
    public void A_message_past_a_gap_waits_for_the_missing_one_and_both_go_on_in_order()
    {
        _gate.Accept(Posted(5));
        _forwarded.ShouldBeEmpty("5 waits for 4");

        _gate.Accept(Posted(4));

        Sequences().ShouldBe([4, 5]);
        _gate.Held.ShouldBe(0);
    }

    [Fact]
    public void What_comes_behind_a_held_message_stays_behind_it()
    {
        var edit = new MessageEdited(Posted(5).Message with { Body = "edited" });
        _gate.Accept(Posted(5));
        _gate.Accept(edit);
        _gate.Accept(Posted(4));

        _forwarded.Count.ShouldBe(3);
        _forwarded[2].ShouldBe(edit, "the edit of 5 never overtakes 5");
        Sequences().ShouldBe([4, 5]);
    }

    [Fact]
    public void Several_out_of_order_messages_are_put_in_order()
    {
        _gate.Accept(Posted(7));
        _gate.Accept(Posted(5));
        _gate.Accept(Posted(4));
        _forwarded.Count.ShouldBe(2, "4 and 5 go on; 7 still waits for 6");
        _gate.Accept(Posted(6));

        Sequences().ShouldBe([4, 5, 6, 7]);
    }

    [Fact]
    public void A_message_that_never_comes_holds_the_rest_up_only_for_the_wait()
    {
        _gate.Accept(Posted(5));
        _gate.Accept(Posted(6));
        _time.Advance(SequenceGate.MaxWait - TimeSpan.FromMilliseconds(1));
        _forwarded.ShouldBeEmpty();

        _time.Advance(TimeSpan.FromMilliseconds(1));

        Sequences().ShouldBe([5, 6], "they go on with the gap; each circuit fills it from the store");
        _gate.Held.ShouldBe(0);
        _gate.Accept(Posted(7));
        Sequences().ShouldBe([5, 6, 7]);
    }

    [Fact]
    public void A_message_already_passed_goes_on_for_the_circuits_to_skip()
    {
        _gate.Accept(Posted(4));
        _gate.Accept(Posted(4));

        Sequences().ShouldBe([4, 4]);
        _gate.Held.ShouldBe(0);
    }
}

using System.Text;
using LetsChat.Components.Chat;
using LetsChat.Components.Presence;
using LetsChat.Server.Events;

namespace LetsChat.Tests.Events;

/// <summary>What may travel between instances, and what is refused when it comes back.</summary>
public sealed class EventTypesTests
{
    private readonly EventTypes _types = new();

    [Fact]
    public void Every_concrete_room_and_user_event_of_the_components_is_known_without_registration()
    {
        _types.Known.ShouldContain(typeof(MessagePosted));
        _types.Known.ShouldContain(typeof(PresenceChanged));
        _types.Known.ShouldAllBe(t => !t.IsAbstract && t.Assembly == typeof(RoomEvent).Assembly);
        _types.CanCarry(typeof(RoomEvent)).ShouldBeFalse();
        _types.CanCarry(typeof(string)).ShouldBeFalse();
    }

    [Fact]
    public void A_message_and_a_status_change_come_back_equal_with_their_sender()
    {
        var message = new ChatMessage(7, 3, 42, 1, "Alice", null, "Hello **there**", DateTimeOffset.UtcNow, null, false);
        var posted = new MessagePosted(message);
        var status = new PresenceChanged(1, false, DateTimeOffset.UtcNow);

        var (postedBack, origin) = _types.Deserialize(_types.Serialize(posted, "instance-a"))!.Value;
        var (statusBack, _) = _types.Deserialize(_types.Serialize(status, "instance-a"))!.Value;

        postedBack.ShouldBe(posted);
        ((MessagePosted)postedBack).RoomId.ShouldBe(3);
        origin.ShouldBe("instance-a");
        statusBack.ShouldBe(status);
    }

    [Theory]
    [InlineData("""{"type":"System.IO.FileInfo","origin":"x","event":{"fileName":"/etc/passwd"}}""")]
    [InlineData("""{"type":"LetsChat.Components.Chat.RoomEvent","origin":"x","event":{"roomId":1}}""")]
    [InlineData("""not json""")]
    public void A_type_outside_the_list_or_a_broken_payload_is_refused(string payload) =>
        _types.Deserialize(Encoding.UTF8.GetBytes(payload)).ShouldBeNull();
}

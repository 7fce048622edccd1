using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Chat.Mentions;

/// <summary>Replies through the real host's services: the quote, where it may point, and how it follows its original.</summary>
public sealed class ReplyServiceTests : HostTest
{
    [Fact]
    public async Task A_reply_quotes_its_originals_author_and_first_line_and_the_quote_follows_an_edit_and_a_delete()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));
        var original = (await SendAsync(ada, Room.PublicRoomId, $"\n  Who is in, @{bob.Handle}?\nsecond line")).Value!;

        var reply = (await SendAsync(bob, Room.PublicRoomId, "me!", original.Id)).Value!;

        reply.ReplyTo.ShouldBe(new ReplyQuote(original.Id, original.Sequence, ada.Id, "Ada", "Who is in, @Bob?", IsDeleted: false));
        (await Circuits.Get<IChatService>(ada).EditAsync(original.Id, "Who is in tonight?")).Succeeded.ShouldBeTrue();
        (await LatestAsync(bob)).Single(m => m.Id == reply.Id).ReplyTo!.FirstLine.ShouldBe("Who is in tonight?");

        (await Circuits.Get<IChatService>(ada).DeleteAsync(original.Id)).Succeeded.ShouldBeTrue();

        // Read again from the store, and from the room's shared window that a newly opened screen gets.
        var reread = (await Circuits.Get<IChatService>(bob).LoadOlderAsync(Room.PublicRoomId, long.MaxValue)).Messages.Single(m => m.Id == reply.Id);
        reread.ReplyTo!.IsDeleted.ShouldBeTrue();
        reread.ReplyTo.Text.ShouldBe("Message deleted");
        (await LatestAsync(ada)).Single(m => m.Id == reply.Id).ReplyTo!.IsDeleted.ShouldBeTrue();
    }

    [Fact]
    public async Task A_reply_to_a_message_of_another_room_or_to_none_is_refused()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));
        var roomId = await App.CreateGroupAsync(Circuits, ada, bob);
        var secret = (await SendAsync(ada, roomId, "group only")).Value!;

        (await SendAsync(bob, Room.PublicRoomId, "quoting the group", secret.Id)).Message.ShouldBe(ChatService.ReplyElsewhere);
        (await SendAsync(bob, Room.PublicRoomId, "quoting nothing", 987654)).Message.ShouldBe(ChatService.ReplyElsewhere);
        (await SendAsync(bob, roomId, "in the group", secret.Id)).Value!.ReplyTo!.FirstLine.ShouldBe("group only");
    }

    private Task<Outcome<ChatMessage>> SendAsync(User author, long roomId, string text, long? replyTo = null) =>
        Circuits.Get<IChatService>(author).SendAsync(roomId, Guid.NewGuid(), text, replyTo);

    private async Task<IReadOnlyList<ChatMessage>> LatestAsync(User reader)
    {
        using var session = (await Circuits.For(reader, newTab: true).Get<IChatService>().JoinRoomAsync(Room.PublicRoomId, _ => Task.CompletedTask)).Value!;
        return session.Latest;
    }
}

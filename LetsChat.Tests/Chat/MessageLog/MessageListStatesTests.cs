using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Chat.MessageLog;

public sealed class MessageListStatesTests : ComponentTest
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);

    private static ChatMessage Message(long sequence, long authorId, string body) =>
        new(sequence, 1, sequence, authorId, authorId == 1 ? "Me" : "Alice", null, body, At);

    private static MessageReader Reader(bool canWrite) => new(1, "Me", null, canWrite, CanModerate: false, Actions: null);

    [Fact]
    public void Pending_messages_show_as_sending_and_failed_ones_offer_retry_and_discard()
    {
        var sending = new PendingMessage(Guid.NewGuid(), "on its way");
        var failed = new PendingMessage(Guid.NewGuid(), "lost") { Failed = true, Error = "Your message could not be saved just now." };
        PendingMessage? retried = null;

        var list = Render<MessageList>(p => p
            .Add(l => l.Log, MessageBlocks.Of(new List<ChatMessage>()))
            .Add(l => l.Pending, new List<PendingMessage> { sending, failed })
            .Add(l => l.Reader, Reader(canWrite: true) with { Name = "Me" })
            .Add(l => l.Retry, pending => retried = pending));

        var rows = list.FindAll("article");
        rows.Count.ShouldBe(2);
        rows[0].TextContent.ShouldContain("Sending…");
        rows[0].TextContent.ShouldContain("on its way");
        rows[1].TextContent.ShouldContain("Not sent");
        rows[1].QuerySelector("[role=alert]")!.TextContent.ShouldBe("Your message could not be saved just now.");
        rows[1].QuerySelectorAll("button").Select(b => b.TextContent).ShouldBe(["Retry", "Discard"]);
        list.FindAll("article button").First(b => b.TextContent == "Retry").Click();
        retried.ShouldBeSameAs(failed);
    }

    [Fact]
    public void Edited_and_deleted_messages_say_so_and_a_moderators_removal_is_named()
    {
        var messages = new List<ChatMessage>
        {
            Message(1, 2, "changed my mind") with { EditedAt = At.AddMinutes(1) },
            Message(2, 2, string.Empty) with { IsDeleted = true },
            Message(3, 2, string.Empty) with { IsDeleted = true, DeletedByModerator = true },
        };

        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)));

        var rows = list.FindAll("article");
        rows[0].QuerySelector(".msg-edited")!.TextContent.ShouldBe("(edited)");
        rows[1].QuerySelector(".msg-body")!.TextContent.ShouldBe("Message deleted");
        rows[2].QuerySelector(".msg-body")!.TextContent.ShouldBe("Removed by a moderator");
    }

    [Fact]
    public void Only_your_own_messages_offer_edit_and_delete_and_only_where_you_can_write()
    {
        var messages = new List<ChatMessage> { Message(1, 1, "mine"), Message(2, 2, "theirs") };

        var writable = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)).Add(l => l.Reader, Reader(canWrite: true)));
        var readOnly = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)).Add(l => l.Reader, Reader(canWrite: false)));

        var rows = writable.FindAll("article");
        rows[0].QuerySelector("[aria-label='Edit message']").ShouldNotBeNull();
        rows[0].QuerySelector("[aria-label='Delete message']").ShouldNotBeNull();
        rows[1].QuerySelector("[aria-label='Edit message']").ShouldBeNull();
        readOnly.FindAll("[aria-label='Edit message']").ShouldBeEmpty();
    }

    [Fact]
    public void Editing_a_message_saves_through_the_callback_and_closes_the_editor()
    {
        var saved = new List<string>();
        var list = Render<MessageList>(p => p
            .Add(l => l.Log, MessageBlocks.Of(new List<ChatMessage> { Message(1, 1, "tpyo") }))
            .Add(l => l.Reader, Reader(canWrite: true) with { Actions = new SavingActions(saved) }));

        list.Find("[aria-label='Edit message']").Click();
        list.Find("textarea[aria-label='Edit message text']").Input("typo");
        list.Find("form.msg-edit").Submit();

        saved.ShouldBe(["typo"]);
        list.FindAll("textarea[aria-label='Edit message text']").ShouldBeEmpty();
    }

    [Fact]
    public void The_new_messages_divider_stands_before_the_first_unread_message()
    {
        var messages = Enumerable.Range(1, 5).Select(i => Message(i, 2, $"m{i}")).ToList();

        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(messages)).Add(l => l.DividerBeforeSequence, 4L));

        var divider = list.Find("[role=separator]");
        divider.GetAttribute("aria-label").ShouldBe("New messages");
        divider.NextElementSibling!.TextContent.ShouldContain("m4");
        list.FindAll("[role=separator]").Count.ShouldBe(1);
    }

    [Fact]
    public void Web_links_become_safe_links_and_nothing_else_does()
    {
        var body = "see https://example.com/a?b=1, or javascript:alert(1) and <a href=\"javascript:alert(2)\">x</a>";

        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of(new List<ChatMessage> { Message(1, 2, body) })));

        var links = list.FindAll(".msg-body a");
        links.ShouldNotBeEmpty();
        links[0].GetAttribute("href").ShouldBe("https://example.com/a?b=1");
        links.ShouldAllBe(a => a.GetAttribute("href")!.StartsWith("https://", StringComparison.Ordinal)
            && a.GetAttribute("rel") == "noopener noreferrer nofollow" && a.GetAttribute("target") == "_blank");
        list.Find(".msg-body").TextContent.ShouldContain("<a href=\"javascript:alert(2)\">x</a>"); // shown, not obeyed
    }

    [Fact]
    public void A_room_with_older_messages_offers_to_load_them()
    {
        var loads = 0;
        var list = Render<MessageList>(p => p
            .Add(l => l.Log, MessageBlocks.Of(new List<ChatMessage> { Message(51, 2, "m51") }))
            .Add(l => l.HasOlder, true)
            .Add(l => l.OnLoadOlder, () => loads++));

        list.Find("button.load-older").Click();

        loads.ShouldBe(1);
    }

    private sealed class SavingActions(List<string> saved) : IMessageActions
    {
        public Task<string?> EditAsync(ChatMessage message, string text)
        {
            saved.Add(text);
            return Task.FromResult<string?>(null);
        }

        public Task<string?> DeleteAsync(ChatMessage message) => throw new NotSupportedException();

        public Task<string?> RemoveAsync(ChatMessage message) => throw new NotSupportedException();

        public Task<string?> ToggleReactionAsync(ChatMessage message, string emoji) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> RecentEmojiAsync() => Task.FromResult<IReadOnlyList<string>>([]);

        public string? Reply(ChatMessage message) => null;
    }
}

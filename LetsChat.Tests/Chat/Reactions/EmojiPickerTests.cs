using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Chat.Reactions;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Chat.Reactions;

public sealed class EmojiPickerTests : ComponentTest
{
    [Fact]
    public void The_picker_is_a_dialog_with_search_recent_emoji_and_unicodes_groups()
    {
        var picker = Render<EmojiPicker>(p => p.Add(e => e.Recent, ["🎉", "not an emoji", "👍"]));

        picker.Find("[role=dialog]").GetAttribute("aria-label").ShouldBe("Emoji picker");
        picker.Find("input[aria-label='Search emoji']").ShouldNotBeNull();
        picker.FindAll(".emoji-heading").Select(h => h.TextContent).ShouldBe(["Recent", "smileys & emotion"]);
        picker.FindAll(".emoji-grid")[0].QuerySelectorAll("button").Select(b => b.TextContent).ShouldBe(["🎉", "👍"]);
        picker.FindAll(".emoji-groups button").Count.ShouldBe(9);

        picker.Find(".emoji-groups button[aria-label='food & drink']").Click();
        picker.FindAll(".emoji-heading")[^1].TextContent.ShouldBe("food & drink");
        picker.FindAll(".emoji-grid")[^1].QuerySelector("button[aria-label='red apple']").ShouldNotBeNull();
    }

    [Fact]
    public void Searching_finds_by_name_and_keyword_and_Enter_picks_the_first()
    {
        string? picked = null;
        var picker = Render<EmojiPicker>(p => p.Add(e => e.OnPick, emoji => picked = emoji));

        picker.Find("input").Input("thumbs");
        picker.FindAll(".emoji-grid button").Select(b => b.GetAttribute("aria-label")).ShouldContain("thumbs up");
        picker.Find("input").Input("tada");
        picker.FindAll(".emoji-grid button").Select(b => b.TextContent).ShouldContain("🎉");
        picker.Find("[role=dialog]").KeyDown("Enter");
        picked.ShouldBe("🎉");

        picker.Find("input").Input("zzzz nothing");
        picker.Find(".emoji-none").TextContent.ShouldContain("No emoji match");
    }

    [Fact]
    public async Task Clicking_an_emoji_picks_it_and_Escape_closes()
    {
        string? picked = null;
        var closed = false;
        var picker = Render<EmojiPicker>(p => p.Add(e => e.OnPick, emoji => picked = emoji).Add(e => e.OnClose, () => closed = true));

        // The grid is shared markup: letschat.js turns a click on an emoji into this event on the dialog.
        await picker.Find("[role=dialog]").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.Pick, Emoji = "😀" });
        picker.Find("[role=dialog]").KeyDown("Escape");

        picked.ShouldBe("😀");
        closed.ShouldBeTrue();
    }

    [Fact]
    public void The_catalog_takes_an_emoji_with_or_without_the_variation_selector_and_nothing_else()
    {
        var catalog = Services.GetService<EmojiCatalog>()!;

        catalog.Normalize("👍").ShouldBe("👍");
        catalog.Normalize("👍\uFE0F").ShouldBe("👍");
        catalog.Normalize("❤").ShouldBe("❤\uFE0F");
        catalog.Normalize("<b>").ShouldBeNull();
        catalog.Groups.Sum(g => g.Emoji.Count).ShouldBeGreaterThan(1_800);
    }
}

public sealed class ReactingInTheListTests : ComponentTest
{
    [Fact]
    public async Task React_opens_the_picker_for_that_message_and_a_pick_or_a_chip_toggles_through_the_readers_actions()
    {
        var message = new ChatMessage(7, 1, 1, 2, "Alice", null, "vote", DateTimeOffset.UnixEpoch,
            Reactions: [new ReactionGroup("👍", [new Reactor(2, "Alice")])]);
        var actions = new RecordingActions();
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([message]))
            .Add(l => l.Reader, new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, actions)));

        list.FindAll("[role=dialog]").ShouldBeEmpty();
        list.Find("article").GetAttribute("data-message").ShouldBe("7");
        await list.Find("[role=log]").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.React, Message = 7 });
        list.Find("[role=dialog]").GetAttribute("aria-label").ShouldBe("Emoji picker");
        list.FindAll(".emoji-heading")[0].TextContent.ShouldBe("Recent");

        await list.Find("[role=dialog]").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.Pick, Emoji = "🎉" });
        await list.Find("[role=log]").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.Toggle, Message = 7, Emoji = "👍" });

        actions.Toggled.ShouldBe(["7 🎉", "7 👍"]);
        list.FindAll("[role=dialog]").ShouldBeEmpty();
    }

    private sealed class RecordingActions : IMessageActions
    {
        public List<string> Toggled { get; } = [];

        public Task<string?> EditAsync(ChatMessage message, string text) => throw new NotSupportedException();

        public Task<string?> DeleteAsync(ChatMessage message) => throw new NotSupportedException();

        public Task<string?> RemoveAsync(ChatMessage message) => throw new NotSupportedException();

        public Task<string?> ToggleReactionAsync(ChatMessage message, string emoji)
        {
            Toggled.Add($"{message.Id} {emoji}");
            return Task.FromResult<string?>(null);
        }

        public Task<IReadOnlyList<string>> RecentEmojiAsync() => Task.FromResult<IReadOnlyList<string>>(["🙂"]);

        public List<long> Replies { get; } = [];

        public string? Reply(ChatMessage message)
        {
            Replies.Add(message.Id);
            return null;
        }
    }
}

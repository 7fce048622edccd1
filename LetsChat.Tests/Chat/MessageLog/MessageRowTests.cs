using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat.MessageLog;

public sealed class MessageRowTests : ComponentTest
{
    private static readonly DateOnly Today = new(2026, 12, 4);

    private static readonly ChatMessage Reacted = new(4, 1, 4, 2, "Alice", null, "vote", new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero),
        Reactions: [new ReactionGroup("👍", [new Reactor(7, "Carol"), new Reactor(8, "Dan <b>")]), new ReactionGroup("🎉", [new Reactor(9, "Eve")])]);

    public static TheoryData<ChatMessage, bool> Messages() => new()
    {
        { Reacted, true },
        { Reacted, false },
        { new ChatMessage(1, 1, 1, 2, "Alice <3", "/avatars/2.webp", "Hello **there** https://example.com", new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), AuthorHandle: "alice"), true },
        { new ChatMessage(2, 1, 2, 2, "Alice", null, "changed", new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero), EditedAt: DateTimeOffset.UnixEpoch), false },
        { new ChatMessage(3, 1, 3, 2, "Gone", null, string.Empty, new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), IsDeleted: true, DeletedByModerator: true), true },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_row_with_no_actions_is_exactly_the_shared_html(ChatMessage message, bool member)
    {
        // Someone else's message, read by a member (who may react) or a visitor, neither a moderator nor a reactor.
        var reader = new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, Actions: member ? new NoActions() : null);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var context = new MessageRowContext(reader, null, zone, Today);

        var row = Render<MessageRow>(p => p.Add(r => r.Message, message).Add(r => r.Context, context));

        row.MarkupMatches(Services.GetRequiredService<MessageRowMarkup>().Build(message, zone, Today, interactive: member));
    }

    [Fact]
    public void Reactions_are_buttons_with_their_count_pressed_only_for_the_reader_who_gave_them()
    {
        var context = new MessageRowContext(new MessageReader(9, "Eve", null, CanWrite: true, CanModerate: false, new NoActions()), null, TimeZoneInfo.Utc, Today);

        var row = Render<MessageRow>(p => p.Add(r => r.Message, Reacted).Add(r => r.Context, context));

        var chips = row.FindAll(".msg-reactions button.reaction");
        chips.Select(c => c.GetAttribute("aria-label")).ShouldBe(["👍 2", "🎉 1"]);
        chips.Select(c => c.GetAttribute("aria-pressed")).ShouldBe(["false", "true"]);
        chips[0].GetAttribute("title").ShouldBe("Carol, Dan <b>");
        chips[0].GetAttribute("data-row-action").ShouldBe("toggle");
        context.IsPersonal(Reacted).ShouldBeTrue(); // Eve's own reaction makes the row hers
        (context with { Reader = context.Reader with { UserId = 5 } }).IsPersonal(Reacted).ShouldBeFalse();
        var shared = Services.GetRequiredService<MessageRowMarkup>().Of(Reacted, TimeZoneInfo.Utc, Today);
        shared.ShouldNotContain("aria-pressed=\"true\"");
        Services.GetRequiredService<MessageRowMarkup>().Of(Reacted, TimeZoneInfo.Utc, Today, interactive: false).ShouldNotContain("<button");
    }

    [Fact]
    public void The_readers_own_row_adds_its_buttons_to_the_same_markup()
    {
        var message = new ChatMessage(1, 1, 1, 5, "Bob", null, "mine", new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), AuthorHandle: "bob");
        var context = new MessageRowContext(new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, new NoActions()), null, TimeZoneInfo.Utc, Today);

        var row = Render<MessageRow>(p => p.Add(r => r.Message, message).Add(r => r.Context, context));

        row.FindAll(".msg-actions button").Select(b => b.GetAttribute("aria-label")).ShouldBe(["Edit message", "Delete message"]);
        row.Find(".msg-actions").Remove();
        row.Nodes.MarkupMatches(Services.GetRequiredService<MessageRowMarkup>().Build(message, TimeZoneInfo.Utc, Today, interactive: false));
    }

    private sealed class NoActions : IMessageActions
    {
        public Task<string?> EditAsync(ChatMessage message, string text) => throw new NotSupportedException();

        public Task<string?> DeleteAsync(ChatMessage message) => throw new NotSupportedException();

        public Task<string?> RemoveAsync(ChatMessage message) => throw new NotSupportedException();

        public Task<string?> ToggleReactionAsync(ChatMessage message, string emoji) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> RecentEmojiAsync() => throw new NotSupportedException();

        public string? Reply(ChatMessage message) => throw new NotSupportedException();
    }
}

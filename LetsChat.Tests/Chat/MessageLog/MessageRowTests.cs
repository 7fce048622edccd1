using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat.MessageLog;

public sealed class MessageRowTests : ComponentTest
{
    private static readonly DateOnly Today = new(2026, 12, 4);

    public static TheoryData<ChatMessage> Messages() =>
    [
        new ChatMessage(1, 1, 1, 2, "Alice <3", "/avatars/2.webp", "Hello **there** https://example.com", new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), AuthorHandle: "alice"),
        new ChatMessage(2, 1, 2, 2, "Alice", null, "changed", new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero), EditedAt: DateTimeOffset.UnixEpoch),
        new ChatMessage(3, 1, 3, 2, "Gone", null, string.Empty, new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), IsDeleted: true, DeletedByModerator: true),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_row_with_no_actions_is_exactly_the_shared_html(ChatMessage message)
    {
        // Someone else's message, read by a member who is not a moderator: nothing to act on.
        var reader = new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, Actions: null);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var context = new MessageRowContext(reader, null, zone, Today);

        var row = Render<MessageRow>(p => p.Add(r => r.Message, message).Add(r => r.Context, context));

        row.MarkupMatches(Services.GetRequiredService<MessageRowMarkup>().Build(message, zone, Today));
    }

    [Fact]
    public void The_readers_own_row_adds_its_buttons_to_the_same_markup()
    {
        var message = new ChatMessage(1, 1, 1, 5, "Bob", null, "mine", new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero), AuthorHandle: "bob");
        var context = new MessageRowContext(new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, Actions: null), null, TimeZoneInfo.Utc, Today);

        var row = Render<MessageRow>(p => p.Add(r => r.Message, message).Add(r => r.Context, context));

        row.FindAll(".msg-actions button").Select(b => b.GetAttribute("aria-label")).ShouldBe(["Edit message", "Delete message"]);
        row.Find(".msg-actions").Remove();
        row.Nodes.MarkupMatches(Services.GetRequiredService<MessageRowMarkup>().Build(message, TimeZoneInfo.Utc, Today));
    }
}

using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Chat.Mentions;

/// <summary>The reply quote, the message menu, the composer's reply bar and its mention list, rendered.</summary>
public sealed class ConversationComponentTests : ComponentTest
{
    private static readonly ChatMessage Original = new(3, 1, 3, 2, "Ada", null, "Who is in?", DateTimeOffset.UnixEpoch, AuthorHandle: "ada");

    private static ChatMessage ReplyTo(ReplyQuote quote) =>
        new(9, 1, 9, 4, "Cy", null, "me!", DateTimeOffset.UnixEpoch, AuthorHandle: "cy", ReplyTo: quote);

    [Fact]
    public void A_reply_shows_a_quote_that_links_to_its_original_and_says_when_it_was_deleted()
    {
        var actions = new ReplyingActions();
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([Original, ReplyTo(ReplyQuote.Of(Original))]))
            .Add(l => l.Reader, new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, actions)));

        var quote = list.Find("article[data-message='9'] a.msg-reply");
        quote.GetAttribute("aria-label").ShouldBe("Reply to Ada");
        quote.GetAttribute("href").ShouldBe("/chat/1/m/3");
        quote.TextContent.ShouldBe("Ada Who is in?");

        var deleted = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([ReplyTo(ReplyQuote.Of(Original with { IsDeleted = true, Body = "" }))]))
            .Add(l => l.Reader, new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, actions)));
        deleted.Find("a.msg-reply.deleted").TextContent.ShouldBe("Ada Message deleted");

        var visitor = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([ReplyTo(ReplyQuote.Of(Original))])));
        visitor.FindAll("a.msg-reply").ShouldBeEmpty();
        visitor.Find("div.msg-reply").TextContent.ShouldBe("Reply to Ada Who is in?");
    }

    [Fact]
    public async Task Reply_and_More_act_on_their_row_and_the_menu_copies_the_messages_link()
    {
        var actions = new ReplyingActions();
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([Original]))
            .Add(l => l.Reader, new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, actions)));
        // The toolbar is conversation.js's, moved into the row pointed at (see the browser tests): no row carries buttons.
        list.Find("[role=log]").GetAttribute("data-tools").ShouldBe("member");
        list.Find("article[data-message='3']").QuerySelectorAll("button").ShouldBeEmpty();
        Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([Original]))).Find("[role=log]").HasAttribute("data-tools").ShouldBeFalse();

        await list.Find("[role=log]").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.Reply, Message = 3 });
        actions.Replies.ShouldBe([3]);

        list.FindAll("[role=menu]").ShouldBeEmpty();
        await list.Find("[role=log]").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.More, Message = 3 });
        var copy = list.Find("[role=menu] [role=menuitem]");
        copy.TextContent.ShouldBe("Copy link");
        copy.GetAttribute("data-copy").ShouldBe("/chat/1/m/3");

        await list.Find("[role=menu]").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.Copied });
        list.FindAll("[role=menu]").ShouldBeEmpty();
    }

    [Fact]
    public void The_readers_own_mentions_stand_out_in_shared_rows()
    {
        var mentioning = Original with { Body = "hi <@5>", Mentions = [new Mention(5, "Bob", "bob")] };
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([mentioning]))
            .Add(l => l.Reader, new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, new ReplyingActions())));

        list.Find("a.mention").OuterHtml.ShouldBe("<a class=\"mention\" href=\"/u/bob\" data-user=\"5\">@Bob</a>");
        list.Find("style").TextContent.ShouldContain(".mention[data-user=\"5\"]");
        Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([mentioning]))).FindAll("style").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_composer_shows_what_a_reply_answers_and_Esc_or_the_button_cancels_it()
    {
        var cancelled = 0;
        var composer = Render<Composer>(p => p.Add(c => c.ReplyTo, Original).Add(c => c.OnCancelReply, () => cancelled++));

        composer.Find("[data-replying]").TextContent.ShouldContain("Replying to Ada: Who is in?");
        composer.Find("textarea").GetAttribute("placeholder").ShouldBe("Write a reply…");
        composer.Find("button[aria-label='Cancel reply']").Click();
        await composer.Find("form").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.CancelReply });

        cancelled.ShouldBe(2);
    }

    [Fact]
    public async Task Typing_at_offers_people_in_a_listbox_and_a_late_answer_to_an_older_query_is_dropped()
    {
        var answers = new Dictionary<string, TaskCompletionSource<IReadOnlyList<MentionCandidate>>>
        {
            ["b"] = new(), ["be"] = new(),
        };
        var composer = Render<Composer>(p => p.Add(c => c.SuggestMentions, query => answers[query].Task));
        var form = composer.Find("form");

        var first = form.TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.Mention, Text = "b" });
        var second = composer.Find("form").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.Mention, Text = "be" });
        answers["be"].SetResult([new MentionCandidate(7, "bea", "Bea", null, IsFriend: true)]);
        await second;
        answers["b"].SetResult([new MentionCandidate(8, "bob", "Bob", null, IsFriend: false), new MentionCandidate(7, "bea", "Bea", null, IsFriend: true)]);
        await first;

        var listbox = composer.Find("[role=listbox]");
        listbox.GetAttribute("aria-label").ShouldBe("Mention");
        var option = listbox.QuerySelectorAll("[role=option]").Single();
        option.GetAttribute("data-handle").ShouldBe("bea");
        option.TextContent.ShouldContain("Bea");
        option.TextContent.ShouldContain("@bea");
        option.TextContent.ShouldContain("Friend");
        composer.Find("textarea").GetAttribute("aria-controls").ShouldBe("mention-list");

        await composer.Find("form").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.Mention, Text = null });
        composer.FindAll("[role=listbox]").ShouldBeEmpty();
    }

    [Fact]
    public void A_text_the_room_refuses_stays_in_the_composer_with_the_reason()
    {
        string? sent = null;
        var composer = Render<Composer>(p => p.Add(c => c.OnSend, message => sent = message.Text).Add(c => c.Check, text => MentionText.MentionsEveryone(text) ? MentionRules.EveryoneOwnerOnly : null));

        composer.Find("textarea").Input("@room look");
        composer.Find("form").Submit();

        composer.Find("[role=alert]").TextContent.ShouldBe(MentionRules.EveryoneOwnerOnly);
        composer.Find("textarea").GetAttribute("value").ShouldBe("@room look");
        sent.ShouldBeNull();
    }

    internal sealed class ReplyingActions : IMessageActions
    {
        public List<long> Replies { get; } = [];

        public Task<string?> EditAsync(ChatMessage message, string text) => throw new NotSupportedException();

        public Task<string?> DeleteAsync(ChatMessage message) => throw new NotSupportedException();

        public Task<string?> RemoveAsync(ChatMessage message) => throw new NotSupportedException();

        public Task<string?> ToggleReactionAsync(ChatMessage message, string emoji) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> RecentEmojiAsync() => Task.FromResult<IReadOnlyList<string>>([]);

        public string? Reply(ChatMessage message)
        {
            Replies.Add(message.Id);
            return null;
        }
    }
}

/// <summary>Files in a message row, as every reader's shared HTML shows them.</summary>
public sealed class AttachmentRowTests : ComponentTest
{
    [Fact]
    public void A_picture_shows_as_a_thumbnail_that_keeps_its_place_and_a_file_as_a_card_to_download()
    {
        var message = new ChatMessage(3, 1, 3, 2, "Ada", null, "look", DateTimeOffset.UnixEpoch, AuthorHandle: "ada",
            Attachments: [new ChatAttachment(11, "beach <1>.jpg", "image/webp", true, 90_000, 1600, 1200), new ChatAttachment(12, "plan.pdf", "application/pdf", false, 2_500_000)]);

        var member = new MessageReader(5, "Bob", null, CanWrite: true, CanModerate: false, new ConversationComponentTests.ReplyingActions());
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([message])).Add(l => l.Reader, member));

        var image = list.Find("a.msg-image img");
        (image.GetAttribute("src"), image.GetAttribute("alt"), image.GetAttribute("width"), image.GetAttribute("height")).ShouldBe(("/files/11/thumbnail", "beach <1>.jpg", "320", "240"));
        list.Find("a.msg-image").GetAttribute("href").ShouldBe("/files/11/beach%20%3C1%3E.jpg");
        var card = list.Find("a.msg-file");
        (card.GetAttribute("href"), card.HasAttribute("download"), card.TextContent).ShouldBe(("/files/12/plan.pdf", true, "plan.pdf 2.4 MB"));
        Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([message with { IsDeleted = true, Body = "" }])).Add(l => l.Reader, member)).FindAll(".msg-files").ShouldBeEmpty();

        // A visitor, who may not fetch files, sees each one's name and size, and no link or picture to fetch.
        var forVisitor = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([message])));
        forVisitor.FindAll(".msg-files a, .msg-files img").ShouldBeEmpty();
        forVisitor.FindAll(".msg-file.locked").Select(f => f.TextContent).ShouldBe(["beach <1>.jpg 87.9 KB · sign in to see it", "plan.pdf 2.4 MB · sign in to see it"]);
    }
}

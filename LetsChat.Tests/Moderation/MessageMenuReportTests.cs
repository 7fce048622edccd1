using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Tests.Chat.Mentions;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Moderation;

/// <summary>A message's More menu offers Report on other people's messages, and it opens the report dialog for that message.</summary>
public sealed class MessageMenuReportTests : ComponentTest
{
    private const long Me = 5;
    private static readonly ChatMessage Theirs = new(3, 9, 3, 2, "Ada", null, "buy now", DateTimeOffset.UnixEpoch, AuthorHandle: "ada");
    private static readonly ChatMessage Mine = new(4, 9, 4, Me, "Bob", null, "no thanks", DateTimeOffset.UnixEpoch, AuthorHandle: "bob");
    private static readonly ChatMessage Deleted = new(6, 9, 6, 2, "Ada", null, "", DateTimeOffset.UnixEpoch, IsDeleted: true, AuthorHandle: "ada");
    private readonly FakeReports _reports = new();

    public MessageMenuReportTests() => Services.AddSingleton<IReports>(_reports);

    private IRenderedComponent<MessageList> RenderList(RoomKind kind) =>
        Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([Theirs, Mine, Deleted])).Add(l => l.Kind, kind)
            .Add(l => l.Reader, new MessageReader(Me, "Bob", null, CanWrite: true, CanModerate: false, new ConversationComponentTests.ReplyingActions())));

    private static async Task OpenMenuAsync(IRenderedComponent<MessageList> list, long messageId) =>
        await list.Find("[role=log]").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.More, Message = messageId });

    private static List<string> MenuItems(IRenderedComponent<MessageList> list) =>
        list.FindAll("[role=menu] [role=menuitem]").Select(i => i.TextContent).ToList();

    [Fact]
    public async Task Report_is_offered_on_someone_elses_message_but_not_on_ones_own_nor_a_deleted_one()
    {
        var list = RenderList(RoomKind.Public);

        await OpenMenuAsync(list, Theirs.Id);
        MenuItems(list).ShouldBe(["Copy link", "Report"]);

        await OpenMenuAsync(list, Mine.Id);
        MenuItems(list).ShouldBe(["Copy link"]);

        await OpenMenuAsync(list, Deleted.Id);
        MenuItems(list).ShouldBe(["Copy link"]);
    }

    [Fact]
    public async Task Report_closes_the_menu_and_opens_the_dialog_for_that_message_which_reports_it()
    {
        var list = RenderList(RoomKind.Private);
        await OpenMenuAsync(list, Theirs.Id);

        list.FindAll("[role=menuitem]").Single(i => i.TextContent == "Report").Click();

        list.FindAll("[role=menu]").ShouldBeEmpty();
        var dialog = list.Find("[role=dialog][aria-label=Report]");
        dialog.QuerySelector("h2")!.TextContent.ShouldBe("Report Ada's message");
        dialog.QuerySelector("#report-attach").ShouldNotBeNull(); // a private room: the message may be attached

        list.Find("#report-reason-Spam").Change(true);
        list.Find(".report-dialog form").Submit();

        _reports.Calls.ShouldBe(["Message 3 Spam  attach=False"]);
        list.FindAll("[role=dialog]").ShouldBeEmpty();
    }

    [Fact]
    public async Task Copy_link_still_copies_and_closes_the_menu()
    {
        var list = RenderList(RoomKind.Public);
        await OpenMenuAsync(list, Theirs.Id);

        list.Find("[role=menuitem][data-copy]").GetAttribute("data-copy").ShouldBe("/chat/9/m/3");
        await list.Find("[role=menu]").TriggerEventAsync("onrowaction", new RowActionEventArgs { Action = RowActionEventArgs.Copied });

        list.FindAll("[role=menu]").ShouldBeEmpty();
    }
}

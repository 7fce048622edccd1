using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LetsChat.Tests.Moderation;

/// <summary>The report dialog: its choices, what it asks for, and what the reporter sees of the outcome.</summary>
public sealed class ReportDialogTests : ComponentTest
{
    private static readonly ChatMessage Message = new(42, 3, 7, 2, "Ada", null, "buy my stuff", DateTimeOffset.UnixEpoch, AuthorHandle: "ada");
    private readonly FakeReports _reports = new();
    private int _closed;

    public ReportDialogTests() => Services.AddSingleton<IReports>(_reports);

    private IRenderedComponent<ReportDialog> Open(ReportTarget target) =>
        Render<ReportDialog>(p => p.Add(d => d.Target, target).Add(d => d.OnClose, () => _closed++));

    [Fact]
    public void It_is_a_dialog_named_Report_with_three_reasons_a_Details_box_and_Send_report()
    {
        var dialog = Open(ReportTarget.Message(Message, RoomKind.Public));

        dialog.Find("[role=dialog]").GetAttribute("aria-label").ShouldBe("Report");
        dialog.Find("h2").TextContent.ShouldBe("Report Ada's message");
        dialog.FindAll("input[type=radio]").Select(r => dialog.Find($"label[for='{r.Id}']").TextContent).ShouldBe(["Spam", "Harassment", "Other"]);
        dialog.Find("label[for=report-details]").TextContent.ShouldBe("Details");
        dialog.Find("textarea#report-details").GetAttribute("maxlength").ShouldBe("500");
        dialog.FindAll("button").Select(b => b.TextContent).ShouldBe(["Cancel", "Send report"]);
    }

    [Theory]
    [InlineData(RoomKind.Public, false)]
    [InlineData(RoomKind.Private, true)]
    [InlineData(RoomKind.Group, true)]
    public void Attaching_the_message_is_offered_only_where_moderators_could_not_read_it(RoomKind kind, bool offered)
    {
        var dialog = Open(ReportTarget.Message(Message, kind));

        dialog.FindAll("#report-attach").Count.ShouldBe(offered ? 1 : 0);
        if (offered)
        {
            dialog.Find("label[for=report-attach]").TextContent.ShouldBe("Attach the message");
            dialog.Find("#report-attach-hint").TextContent.ShouldBe("Moderators cannot read private conversations; attaching shares this one message with them.");
        }
    }

    [Fact]
    public void A_person_is_reported_without_any_message_to_attach()
    {
        var dialog = Open(ReportTarget.Person(9, "Eve"));

        dialog.Find("h2").TextContent.ShouldBe("Report Eve");
        dialog.FindAll("#report-attach").ShouldBeEmpty();
        dialog.Find("#report-reason-Harassment").Change(true);
        dialog.Find("form").Submit();

        _reports.Calls.ShouldBe(["Person 9 Harassment"]);
    }

    [Fact]
    public void Other_needs_details_and_nothing_is_sent_until_they_are_given()
    {
        var dialog = Open(ReportTarget.Message(Message, RoomKind.Public));

        dialog.Find("form").Submit();
        dialog.Find("[role=alert]").TextContent.ShouldBe("Choose what is wrong: Spam, Harassment or Other.");

        dialog.Find("#report-reason-Other").Change(true);
        dialog.Find("form").Submit();
        dialog.Find("[role=alert]").TextContent.ShouldBe("Please say what is wrong in Details.");
        _reports.Calls.ShouldBeEmpty();

        dialog.Find("#report-details").Input("  impersonating a moderator  ");
        dialog.Find("form").Submit();

        _reports.Calls.ShouldBe(["Message 42 Other impersonating a moderator attach=False"]);
        _closed.ShouldBe(1);
    }

    [Fact]
    public void A_report_from_a_private_chat_shares_the_message_only_when_asked_and_success_thanks_and_closes()
    {
        var dialog = Open(ReportTarget.Message(Message, RoomKind.Private));

        dialog.Find("#report-reason-Spam").Change(true);
        dialog.Find("#report-attach").Change(true);
        dialog.Find("form").Submit();

        _reports.Calls.ShouldBe(["Message 42 Spam  attach=True"]);
        _closed.ShouldBe(1);
        Services.GetRequiredService<ISnackbar>().ShownSnackbars.Single().Message.ShouldBe("Report sent. Thank you — the moderators will look at it.");
    }

    [Fact]
    public void A_refusal_shows_as_an_alert_in_the_dialog_which_stays_open_with_what_was_typed()
    {
        _reports.NextResult = Outcome.Refused("You reported this message already.");
        var dialog = Open(ReportTarget.Message(Message, RoomKind.Public));

        dialog.Find("#report-reason-Harassment").Change(true);
        dialog.Find("#report-details").Input("calls me names");
        dialog.Find("form").Submit();

        dialog.Find("[role=alert]").TextContent.ShouldBe("You reported this message already.");
        dialog.Find("#report-details").GetAttribute("value").ShouldBe("calls me names");
        dialog.Find("#report-reason-Harassment").HasAttribute("checked").ShouldBeTrue();
        _closed.ShouldBe(0);
        Services.GetRequiredService<ISnackbar>().ShownSnackbars.ShouldBeEmpty();
    }

    [Fact]
    public void Cancel_and_Escape_close_without_reporting()
    {
        var dialog = Open(ReportTarget.Message(Message, RoomKind.Public));

        dialog.FindAll("button").Single(b => b.TextContent == "Cancel").Click();
        dialog.Find("[role=dialog]").KeyDown(Key.Escape);

        _closed.ShouldBe(2);
        _reports.Calls.ShouldBeEmpty();
    }
}

using AngleSharp.Html.Parser;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;

namespace LetsChat.Tests.Rooms;

/// <summary>A room's link is written as markup (one frame a row in every tab): what people typed stays text.</summary>
public sealed class RoomLinkHtmlTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static AngleSharp.Dom.IElement Link(RoomSummary room, bool current = false) =>
        new HtmlParser().ParseDocument(RoomLinkHtml.Of(room, current, Now, TimeZoneInfo.Utc)).QuerySelector("a.room-link")!;

    private static RoomSummary Private(string name, string? preview, PersonStatus? status = null) => new(
        7, RoomKind.Private, name, null, 42, status is not null, Now.AddMinutes(-5), preview, Now, 12, 9, false, FriendStatus: status);

    [Fact]
    public void A_name_a_preview_and_a_custom_status_with_markup_in_them_are_shown_as_text()
    {
        var status = new PersonStatus(Availability.Away, new CustomStatus("<i>", "<b>lunch</b>", null));
        var link = Link(Private("<img src=x onerror=alert(1)>", "<script>alert(2)</script>", status));

        link.QuerySelectorAll("img, script, b, i").ShouldBeEmpty();
        link.QuerySelector(".room-name")!.FirstChild!.TextContent.ShouldBe("<img src=x onerror=alert(1)>");
        link.QuerySelector(".room-preview")!.TextContent.ShouldBe("<script>alert(2)</script> · 3 unread");
        link.QuerySelector(".room-custom-status")!.GetAttribute("title").ShouldBe("<i> <b>lunch</b>");
        link.QuerySelector("#room-7-status")!.TextContent.ShouldBe("away, <i> <b>lunch</b>");
        link.QuerySelector(".presence-dot.away")!.GetAttribute("aria-hidden").ShouldBe("true");
    }

    [Fact]
    public void The_current_room_is_marked_and_shows_no_unread_count()
    {
        var open = Link(Private("Bob", "hi"), current: true);
        open.GetAttribute("aria-current").ShouldBe("page");
        open.ClassList.ShouldContain("active");
        open.QuerySelector(".unread-badge").ShouldBeNull();

        var other = Link(Private("Bob", "hi"));
        other.HasAttribute("aria-current").ShouldBeFalse();
        other.QuerySelector(".unread-badge")!.TextContent.ShouldBe("3");
        other.GetAttribute("href").ShouldBe("/chat/7");
        other.GetAttribute("aria-describedby").ShouldBe("room-7-info room-7-status");
    }

    [Fact]
    public void An_offline_friend_s_dot_says_when_they_were_last_seen()
    {
        var link = Link(Private("Bob", null, PersonStatus.Offline));

        link.QuerySelector(".presence-dot.offline")!.GetAttribute("title").ShouldBe("Offline, last seen 5 min ago");
        link.QuerySelector(".room-preview")!.TextContent.ShouldBe("No messages yet · 3 unread");
    }
}

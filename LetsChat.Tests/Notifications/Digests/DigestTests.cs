using System.Net;
using System.Text.RegularExpressions;
using LetsChat.Components.Notifications;
using LetsChat.Components.Presence;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace LetsChat.Tests.Notifications.Digests;

/// <summary>E-mail digests through the real host and a real SMTP server on loopback, on a clock the test moves.</summary>
public sealed partial class DigestTests : IAsyncDisposable
{
    private const string Site = DigestScene.Site;
    private readonly DigestScene _scene = new();

    public ValueTask DisposeAsync() => _scene.DisposeAsync();

    [Fact]
    public async Task Unread_private_messages_and_a_group_mention_make_one_mail_after_fifteen_quiet_minutes_never_twice()
    {
        var (ada, bob, chat) = await _scene.FriendsAsync();
        var cy = await _scene.App.CreateUserAsync("Cy", "cy@example.com");
        var group = await _scene.App.CreateGroupAsync(_scene.Circuits, cy, bob, ada);
        await _scene.SendAsync(ada, chat, "are you coming tonight?");
        await _scene.SendAsync(ada, chat, "we have candles");
        await _scene.SendAsync(ada, chat, "bring the <b>cake</b>");
        await _scene.SendAsync(cy, group, $"@{bob.Handle} can you check?");
        await _scene.SendAsync(cy, group, "plain group news");
        await _scene.SendAsync(cy, Room.PublicRoomId, $"@{bob.Handle} hello from the public room");
        await _scene.NotifiedAsync(bob, "bring the <b>cake</b>");
        await _scene.NotifiedAsync(bob, "can you check?");
        await _scene.NotifiedAsync(bob, "hello from the public room");

        _scene.Time.Advance(TimeSpan.FromMinutes(14));
        (await _scene.RoundAsync()).ShouldBe(0);
        _scene.Time.Advance(TimeSpan.FromMinutes(2));
        (await _scene.RoundAsync()).ShouldBe(1);
        (await _scene.RoundAsync()).ShouldBe(0);

        var mail = await _scene.Smtp.WaitForMailToAsync("bob@example.com");
        mail.Subject.ShouldBe("2 unread conversations on Let's Chat");
        mail.TextBody!.ShouldContain("Ada: bring the <b>cake</b>");
        mail.TextBody!.ShouldContain($"{Site}/chat/{chat}");
        mail.TextBody!.ShouldContain("Cy mentioned you in Study group: @Bob can you check?");
        mail.TextBody!.ShouldNotContain("public room");
        mail.TextBody!.ShouldNotContain("plain group news");
        mail.HtmlBody!.ShouldContain("bring the &lt;b&gt;cake&lt;/b&gt;");
        mail.HtmlBody!.ShouldNotContain("<b>cake");
        _scene.Smtp.MailTo("ada@example.com").ShouldBeEmpty();

        // Each conversation's link is the bell's own link to it, on the site's public address, and the site serves it.
        var bells = (await _scene.Circuits.Get<INotificationService>(bob).GetPageAsync()).Notifications;
        var chatLink = bells.Single(n => n.Kind == NotificationKind.PrivateMessage && n.Text.StartsWith("Ada:", StringComparison.Ordinal)).Link;
        chatLink.ShouldStartWith($"/chat/{chat}");
        mail.TextBody!.Split('\n').Select(line => line.TrimEnd('\r')).ShouldContain($"{Site}{chatLink}");
        mail.HtmlBody!.ShouldContain($"href=\"{Site}{chatLink}\"");
        using var client = _scene.App.CreateBrowserLikeClient();
        (await client.GetAsync(chatLink)).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Found);

        // A new burst in the same chat, a while later, is news again once it has been quiet for a while.
        _scene.Time.Advance(TimeSpan.FromMinutes(5));
        await _scene.SendAndNotifyAsync(ada, chat, bob, "we are leaving now");
        _scene.Time.Advance(TimeSpan.FromMinutes(16));
        (await _scene.RoundAsync()).ShouldBe(1);
        var second = await _scene.Smtp.WaitForMailToAsync("bob@example.com", 2);
        second.Subject.ShouldBe("Ada sent you a message on Let's Chat");
        second.TextBody!.ShouldContain("Ada: we are leaving now");
        second.TextBody!.ShouldNotContain("can you check");
        _scene.Smtp.Messages.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Nothing_is_mailed_once_read_without_a_confirmed_address_when_turned_off_or_during_do_not_disturb_which_only_holds_it()
    {
        var (ada, bob, _) = await _scene.FriendsAsync();
        var (cy, dee, eve) = (await _scene.App.CreateUserAsync("Cy"), await _scene.App.CreateUserAsync("Dee", "dee@example.com"), await _scene.App.CreateUserAsync("Eve", "eve@example.com"));
        await using (var db = await _scene.App.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == eve.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, false));
        }

        foreach (var friend in new[] { bob, cy, dee, eve })
        {
            if (friend != bob)
            {
                await _scene.App.MakeFriendsAsync(ada, friend);
            }

            await _scene.SendAndNotifyAsync(ada, await _scene.PrivateRoomAsync(friend, ada), friend, "hi there");
        }

        (await _scene.Circuits.Get<IEmailDigestSettings>(dee).SetAsync(false)).Succeeded.ShouldBeTrue();
        (await _scene.Circuits.Get<IEmailDigestSettings>(dee).GetAsync())!.ShouldBe(new EmailDigestSetting(false, true, true, TimeSpan.FromMinutes(15)));
        (await _scene.Circuits.Get<IEmailDigestSettings>(cy).GetAsync())!.HasConfirmedEmail.ShouldBeFalse();
        (await _scene.Circuits.Get<IEmailDigestSettings>(eve).GetAsync())!.HasConfirmedEmail.ShouldBeFalse();
        (await _scene.Circuits.Get<IMyStatus>(bob).ChooseAsync(StatusChoice.DoNotDisturb, _scene.Time.GetUtcNow().AddMinutes(30))).Succeeded.ShouldBeTrue();

        _scene.Time.Advance(TimeSpan.FromMinutes(16));
        (await _scene.RoundAsync()).ShouldBe(0);

        _scene.Time.Advance(TimeSpan.FromMinutes(15)); // do not disturb has ended: Bob's mail goes now
        (await _scene.RoundAsync()).ShouldBe(1);
        (await _scene.Smtp.WaitForMailToAsync("bob@example.com")).Subject.ShouldBe("Ada sent you a message on Let's Chat");

        await _scene.SendAndNotifyAsync(ada, await _scene.PrivateRoomAsync(bob, ada), bob, "one more");
        await _scene.Circuits.Get<INotificationService>(bob).MarkAllReadAsync();
        _scene.Time.Advance(TimeSpan.FromMinutes(16));
        (await _scene.RoundAsync()).ShouldBe(0);
        _scene.Smtp.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_one_click_unsubscribe_from_the_mails_header_turns_digests_off_and_a_forged_token_is_refused()
    {
        var (ada, bob, chat) = await _scene.FriendsAsync();
        var link = await UnsubscribeLinkAsync(ada, bob, chat);
        using var client = _scene.App.CreateBrowserLikeClient();
        var local = link.PathAndQuery;

        var tampered = local[..^2] + (local[^2] == 'A' ? "B" : "A") + local[^1];
        (await client.PostAsync(tampered, OneClick())).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsync("/unsubscribe/digests?token=" + bob.Id, OneClick())).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsync("/unsubscribe/digests", OneClick())).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var broken = await client.GetAsync(tampered);
        broken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await broken.Content.ReadAsStringAsync()).ShouldContain("That link does not work");
        (await _scene.DigestsOnAsync(bob)).ShouldBeTrue();

        // As a mail client does it (RFC 8058): no cookie, no antiforgery token, just the header's address.
        var oneClick = await client.PostAsync(local, OneClick());
        oneClick.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await oneClick.Content.ReadAsStringAsync()).ShouldContain("You are unsubscribed");
        (await _scene.DigestsOnAsync(bob)).ShouldBeFalse();

        await _scene.SendAndNotifyAsync(ada, chat, bob, "still there?");
        _scene.Time.Advance(TimeSpan.FromMinutes(16));
        (await _scene.RoundAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_link_in_the_mail_only_asks_and_the_pages_button_unsubscribes()
    {
        var (ada, bob, chat) = await _scene.FriendsAsync();
        var link = await UnsubscribeLinkAsync(ada, bob, chat);
        using var client = _scene.App.CreateBrowserLikeClient();

        var page = await client.GetAsync(link.PathAndQuery);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain(">Unsubscribe</button>");
        (await client.GetAsync(link.PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _scene.DigestsOnAsync(bob)).ShouldBeTrue(); // looking, twice, as a mail scanner would, is not unsubscribing

        var form = FormAction().Match(html);
        form.Success.ShouldBeTrue();
        var pressed = await client.PostAsync(WebUtility.HtmlDecode(form.Groups["action"].Value), new FormUrlEncodedContent([]));

        pressed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _scene.DigestsOnAsync(bob)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_mail_server_that_is_down_loses_nothing_the_digest_goes_out_in_a_later_round()
    {
        var (ada, bob, chat) = await _scene.FriendsAsync();
        await _scene.SendAndNotifyAsync(ada, chat, bob, "did this arrive?");
        _scene.Time.Advance(TimeSpan.FromMinutes(16));
        var port = _scene.SmtpOptions.Port;
        _scene.SmtpOptions.Port = FakeSmtpServer.FreePort(); // nobody listens there

        (await _scene.RoundAsync()).ShouldBe(0);
        _scene.Logs.ShouldContain(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains("could not be sent", StringComparison.Ordinal));

        _scene.SmtpOptions.Port = port;
        (await _scene.RoundAsync()).ShouldBe(1);
        (await _scene.Smtp.WaitForMailToAsync("bob@example.com")).TextBody!.ShouldContain("Ada: did this arrive?");
    }

    /// <summary>Mails Bob a digest and returns the address in its List-Unsubscribe header, checked to be the body's link too.</summary>
    private async Task<Uri> UnsubscribeLinkAsync(LetsChat.Server.Identity.User ada, LetsChat.Server.Identity.User bob, long chat)
    {
        await _scene.SendAndNotifyAsync(ada, chat, bob, "hello");
        _scene.Time.Advance(TimeSpan.FromMinutes(16));
        (await _scene.RoundAsync()).ShouldBe(1);
        var mail = await _scene.Smtp.WaitForMailToAsync("bob@example.com");
        mail.Headers[HeaderId.ListUnsubscribePost].ShouldBe("List-Unsubscribe=One-Click");
        var link = new Uri(mail.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>'));
        link.GetLeftPart(UriPartial.Path).ShouldBe($"{Site}/unsubscribe/digests");
        mail.TextBody!.ShouldContain(link.ToString());
        return link;
    }

    private static FormUrlEncodedContent OneClick() => new([new("List-Unsubscribe", "One-Click")]);

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\">")]
    private static partial Regex FormAction();
}

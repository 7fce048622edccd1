using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications.Digests;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace LetsChat.Tests.Notifications.Digests;

/// <summary>E-mail digests through the real host and a real SMTP server on loopback, on a clock the test moves.</summary>
public sealed class DigestTests : IAsyncLifetime
{
    private const string Site = "https://chat.example.com";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FakeSmtpServer _smtp = new();
    private readonly LetsChatApp _app;
    private readonly CircuitPool _circuits;

    public DigestTests()
    {
        var settings = _smtp.Settings();
        settings["LetsChat:PublicUrl"] = Site;
        settings["LetsChat:Digests:CheckEvery"] = "1.00:00:00"; // rounds run when the test says
        _app = new LetsChatApp(settings) { TestServices = services => services.AddSingleton<TimeProvider>(_time) };
        _circuits = new CircuitPool(_app);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _circuits.DisposeAsync();
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private Task<int> RoundAsync() => _app.Services.GetRequiredService<DigestMailer>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task Unread_private_messages_and_a_group_mention_make_one_mail_after_fifteen_quiet_minutes_never_twice()
    {
        var (ada, bob) = (await _app.CreateUserAsync("Ada", "ada@example.com"), await _app.CreateUserAsync("Bob", "bob@example.com"));
        var cy = await _app.CreateUserAsync("Cy", "cy@example.com");
        await _app.MakeFriendsAsync(ada, bob);
        var chat = await PrivateRoomAsync(bob, ada);
        var group = await _app.CreateGroupAsync(_circuits, cy, bob, ada);
        await SendAsync(ada, chat, "are you coming tonight?");
        await SendAsync(ada, chat, "bring the <b>cake</b>");
        await SendAsync(cy, group, $"@{bob.Handle} can you check?");
        await SendAsync(cy, group, "plain group news");
        await SendAsync(cy, Room.PublicRoomId, $"@{bob.Handle} hello from the public room");
        await NotifiedAsync(bob, "bring the <b>cake</b>");
        await NotifiedAsync(bob, "can you check?");
        await NotifiedAsync(bob, "hello from the public room");

        _time.Advance(TimeSpan.FromMinutes(14));
        (await RoundAsync()).ShouldBe(0);
        _time.Advance(TimeSpan.FromMinutes(2));
        (await RoundAsync()).ShouldBe(1);
        (await RoundAsync()).ShouldBe(0);

        var mail = await _smtp.WaitForMailToAsync("bob@example.com");
        mail.Subject.ShouldBe("2 unread conversations on Let's Chat");
        mail.TextBody!.ShouldContain("Ada: bring the <b>cake</b>");
        mail.TextBody!.ShouldContain($"{Site}/chat/{chat}");
        mail.TextBody!.ShouldContain("Cy mentioned you in Study group: @Bob can you check?");
        mail.TextBody!.ShouldNotContain("public room");
        mail.TextBody!.ShouldNotContain("plain group news");
        mail.HtmlBody!.ShouldContain("bring the &lt;b&gt;cake&lt;/b&gt;");
        _smtp.MailTo("ada@example.com").ShouldBeEmpty();

        // A new burst in the same chat, a while later, is news again once it has been quiet for a while.
        _time.Advance(TimeSpan.FromMinutes(5));
        await SendAsync(ada, chat, "we are leaving now");
        await NotifiedAsync(bob, "we are leaving now");
        _time.Advance(TimeSpan.FromMinutes(16));
        (await RoundAsync()).ShouldBe(1);
        var second = await _smtp.WaitForMailToAsync("bob@example.com", 2);
        second.Subject.ShouldBe("Ada sent you a message on Let's Chat");
        second.TextBody!.ShouldContain("Ada: we are leaving now");
        second.TextBody!.ShouldNotContain("can you check");
    }

    [Fact]
    public async Task Nothing_is_mailed_once_read_without_a_confirmed_address_when_turned_off_or_during_do_not_disturb_which_only_holds_it()
    {
        var (ada, bob) = (await _app.CreateUserAsync("Ada", "ada@example.com"), await _app.CreateUserAsync("Bob", "bob@example.com"));
        var (cy, dee) = (await _app.CreateUserAsync("Cy"), await _app.CreateUserAsync("Dee", "dee@example.com"));
        foreach (var friend in new[] { bob, cy, dee })
        {
            await _app.MakeFriendsAsync(ada, friend);
            await SendAsync(ada, await PrivateRoomAsync(friend, ada), "hi there");
            await NotifiedAsync(friend, "hi there");
        }

        (await _circuits.Get<IEmailDigestSettings>(dee).SetAsync(false)).Succeeded.ShouldBeTrue();
        (await _circuits.Get<IEmailDigestSettings>(dee).GetAsync())!.ShouldBe(new EmailDigestSetting(false, true, true));
        (await _circuits.Get<IEmailDigestSettings>(cy).GetAsync())!.HasConfirmedEmail.ShouldBeFalse();
        (await _circuits.Get<IMyStatus>(bob).ChooseAsync(StatusChoice.DoNotDisturb, _time.GetUtcNow().AddMinutes(30))).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(async () => (await _circuits.Get<INotificationService>(dee).GetUnreadCountAsync()) == 1, "Dee's notification is stored");

        _time.Advance(TimeSpan.FromMinutes(16));
        (await RoundAsync()).ShouldBe(0);

        _time.Advance(TimeSpan.FromMinutes(15)); // do not disturb has ended: Bob's mail goes now
        (await RoundAsync()).ShouldBe(1);
        (await _smtp.WaitForMailToAsync("bob@example.com")).Subject.ShouldBe("Ada sent you a message on Let's Chat");

        await SendAsync(ada, await PrivateRoomAsync(bob, ada), "one more");
        await NotifiedAsync(bob, "one more");
        await _circuits.Get<INotificationService>(bob).MarkAllReadAsync();
        _time.Advance(TimeSpan.FromMinutes(16));
        (await RoundAsync()).ShouldBe(0);
        _smtp.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_one_click_unsubscribe_from_the_mails_header_turns_digests_off_and_the_link_asks_first_and_a_forged_token_is_refused()
    {
        var (ada, bob) = (await _app.CreateUserAsync("Ada", "ada@example.com"), await _app.CreateUserAsync("Bob", "bob@example.com"));
        await _app.MakeFriendsAsync(ada, bob);
        await SendAsync(ada, await PrivateRoomAsync(bob, ada), "hello");
        await NotifiedAsync(bob, "hello");
        _time.Advance(TimeSpan.FromMinutes(16));
        (await RoundAsync()).ShouldBe(1);
        var mail = await _smtp.WaitForMailToAsync("bob@example.com");
        mail.Headers[HeaderId.ListUnsubscribePost].ShouldBe("List-Unsubscribe=One-Click");
        var link = new Uri(mail.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>'));
        link.GetLeftPart(UriPartial.Path).ShouldBe($"{Site}/unsubscribe/digests");
        mail.TextBody!.ShouldContain(link.ToString());
        using var client = _app.CreateBrowserLikeClient();
        var local = link.PathAndQuery;

        var page = await client.GetAsync(local);
        page.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain(">Unsubscribe</button>");
        (await _circuits.Get<IEmailDigestSettings>(bob).GetAsync())!.On.ShouldBeTrue(); // looking is not unsubscribing

        var tampered = local[..^2] + (local[^2] == 'A' ? "B" : "A") + local[^1];
        (await client.PostAsync(tampered, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]))).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await client.PostAsync("/unsubscribe/digests?token=" + bob.Id, null)).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await _circuits.Get<IEmailDigestSettings>(bob).GetAsync())!.On.ShouldBeTrue();

        var oneClick = await client.PostAsync(local, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        oneClick.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await _circuits.Get<IEmailDigestSettings>(bob).GetAsync())!.On.ShouldBeFalse();

        await SendAsync(ada, await PrivateRoomAsync(bob, ada), "still there?");
        await NotifiedAsync(bob, "still there?");
        _time.Advance(TimeSpan.FromMinutes(16));
        (await RoundAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_mail_server_that_is_down_loses_nothing_the_digest_goes_out_in_a_later_round()
    {
        var (ada, bob) = (await _app.CreateUserAsync("Ada", "ada@example.com"), await _app.CreateUserAsync("Bob", "bob@example.com"));
        await _app.MakeFriendsAsync(ada, bob);
        await SendAsync(ada, await PrivateRoomAsync(bob, ada), "did this arrive?");
        await NotifiedAsync(bob, "did this arrive?");
        _time.Advance(TimeSpan.FromMinutes(16));
        var smtp = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<SmtpOptions>>().CurrentValue;
        var port = smtp.Port;
        smtp.Port = FakeSmtpServer.FreePort(); // nobody listens there

        (await RoundAsync()).ShouldBe(0);

        smtp.Port = port;
        (await RoundAsync()).ShouldBe(1);
        (await _smtp.WaitForMailToAsync("bob@example.com")).TextBody!.ShouldContain("Ada: did this arrive?");
    }

    private async Task<long> PrivateRoomAsync(User reader, User friend) =>
        (await _circuits.Get<IRoomList>(reader).GetRoomsAsync()).Single(r => r.FriendId == friend.Id).Id;

    private async Task SendAsync(User author, long roomId, string text) =>
        (await _circuits.Get<IChatService>(author).SendAsync(roomId, Guid.NewGuid(), text)).Succeeded.ShouldBeTrue();

    // Room news stores notifications off the send; the clock moves only once they are stored, at the time they were sent.
    private async Task NotifiedAsync(User reader, string text) =>
        await Eventually.HoldsAsync(
            async () => (await _circuits.Get<INotificationService>(reader).GetPageAsync()).Notifications.Any(n => !n.IsRead && n.Text.EndsWith(text, StringComparison.Ordinal)),
            $"{reader.DisplayName} is notified of \"{text}\"");
}

using System.Net;
using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Presence;
using LetsChat.Components.Rooms;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications.Push;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Notifications.Push;

/// <summary>Web Push through the real host to a push service on loopback that checks the signature and decrypts.</summary>
public sealed class PushTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FakePushService _push = default!;
    private LetsChatApp _app = default!;
    private CircuitPool _circuits = default!;

    public async ValueTask InitializeAsync()
    {
        _push = await FakePushService.StartAsync();
        _app = new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:Push:AllowInsecureEndpoints"] = "true" })
        {
            TestServices = services => services.AddSingleton<TimeProvider>(_time),
        };
        _circuits = new CircuitPool(_app);
    }

    public async ValueTask DisposeAsync()
    {
        await _circuits.DisposeAsync();
        await _app.DisposeAsync();
        await _push.DisposeAsync();
    }

    private PushDispatcher Dispatcher => _app.Services.GetRequiredService<PushDispatcher>();

    [Fact]
    public async Task A_message_to_someone_with_no_tab_open_reaches_both_their_devices_encrypted_and_signed()
    {
        var (ada, bob) = await FriendsAsync();
        await SubscribeAsync(bob, "bob-phone");
        await SubscribeAsync(bob, "bob-laptop", newTab: true);
        var room = await ChatAsync(bob, ada);

        await SendAndCloseWindowAsync(ada, bob, room, "see you at <six>");

        foreach (var device in new[] { "bob-phone", "bob-laptop" })
        {
            await Eventually.HoldsAsync(() => _push.Received(device).Count == 1, $"{device} gets the push");
            var payload = _push.Received(device)[0];
            payload.GetProperty("title").GetString().ShouldBe("Ada");
            payload.GetProperty("body").GetString().ShouldBe("see you at <six>");
            payload.GetProperty("url").GetString().ShouldBe($"/chat/{room}");
            payload.GetProperty("tag").GetString().ShouldBe($"room:{room}");
            payload.GetProperty("count").GetInt32().ShouldBe(1);
        }

        _push.Requests.ShouldAllBe(r => r.Problem == null);
        _push.Requests.ShouldAllBe(r => r.VapidKey == VapidPublicKey());
    }

    [Fact]
    public async Task No_push_while_a_tab_is_open_or_in_do_not_disturb_though_the_bell_counts()
    {
        var (ada, bob) = await FriendsAsync();
        var carol = await _app.CreateUserAsync("Carol");
        await _app.MakeFriendsAsync(ada, carol);
        await SubscribeAsync(bob, "bob-phone");
        await SubscribeAsync(carol, "carol-phone");
        _app.Services.GetRequiredService<PresenceService>().CircuitOpened(bob.Id, "bob-tab", new UserCircuit());
        (await _circuits.Get<IMyStatus>(carol).ChooseAsync(StatusChoice.DoNotDisturb)).Succeeded.ShouldBeTrue();

        await SendAsync(ada, await ChatAsync(bob, ada), "are you there?");
        await SendAsync(ada, await ChatAsync(carol, ada), "and you?");
        await NotifiedAsync(bob, "are you there?");
        await NotifiedAsync(carol, "and you?");

        await CloseWindowsAsync(bob, carol);

        _push.Requests.ShouldBeEmpty();
        (await _circuits.Get<INotificationService>(carol).GetUnreadCountAsync()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_burst_in_two_conversations_makes_one_push_per_device_that_says_how_many()
    {
        var (ada, bob) = await FriendsAsync();
        var cy = await _app.CreateUserAsync("Cy");
        var group = await _app.CreateGroupAsync(_circuits, cy, bob);
        await CloseWindowsAsync(bob); // the friendship's and the group's own notifications, before any device
        await SubscribeAsync(bob, "bob-phone");
        var room = await ChatAsync(bob, ada);

        for (var i = 1; i <= 5; i++)
        {
            await SendAsync(ada, room, $"message {i}");
        }

        await SendAsync(cy, group, $"@{bob.Handle} look at this");
        await NotifiedAsync(bob, "message 5");
        await NotifiedAsync(bob, "look at this");
        // Both wait in the one window before the clock closes it: the dispatcher gathers off the path that notified,
        // and on a busy machine a notification gathered after the window closed would open a second window.
        await WaitingAsync(bob, "message 5");
        await WaitingAsync(bob, "look at this");

        await CloseWindowsAsync(bob);

        await Eventually.HoldsAsync(() => _push.Received("bob-phone").Count == 1, "one push arrives");
        var payload = _push.Received("bob-phone").Single();
        payload.GetProperty("count").GetInt32().ShouldBe(2); // the chat's five refreshed one notification
        payload.GetProperty("title").GetString().ShouldBe("Let's Chat");
        payload.GetProperty("body").GetString()!.ShouldStartWith("2 new notifications.");
        payload.GetProperty("tag").GetString().ShouldBe("letschat");
    }

    [Theory]
    [InlineData(HttpStatusCode.Gone)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_device_the_push_service_says_is_gone_is_forgotten_and_the_others_still_get_it(HttpStatusCode gone)
    {
        var (ada, bob) = await FriendsAsync();
        await SubscribeAsync(bob, "old-phone");
        await SubscribeAsync(bob, "laptop", newTab: true);
        _push.AnswerWith("old-phone", gone);
        var room = await ChatAsync(bob, ada);

        await SendAndCloseWindowAsync(ada, bob, room, "hello");

        await Eventually.HoldsAsync(() => _push.Received("laptop").Count == 1, "the laptop gets it");
        await Eventually.HoldsAsync(async () => !await AnySubscriptionAsync("old-phone"), "the gone device is forgotten");
        (await AnySubscriptionAsync("laptop")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_device_signed_out_gets_nothing_and_is_forgotten()
    {
        var (ada, bob) = await FriendsAsync();
        await SubscribeAsync(bob, "signed-out-phone");
        await using (var db = await _app.CreateDbAsync())
        {
            await db.Sessions.Where(s => s.UserId == bob.Id).ExecuteDeleteAsync();
        }

        await SendAndCloseWindowAsync(ada, bob, await ChatAsync(bob, ada), "hello");

        await Eventually.HoldsAsync(async () => !await AnySubscriptionAsync("signed-out-phone"), "its subscription is removed");
        _push.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Nobody_removes_another_persons_device_and_a_subscription_that_cannot_be_used_is_refused()
    {
        var (ada, bob) = await FriendsAsync();
        var phone = await SubscribeAsync(bob, "bob-phone");
        var devices = _circuits.Get<IPushDevices>(ada);

        (await devices.UnsubscribeAsync(phone.Endpoint)).Succeeded.ShouldBeTrue(); // nothing of Ada's to remove
        (await AnySubscriptionAsync("bob-phone")).ShouldBeTrue();
        (await devices.IsSubscribedAsync(phone.Endpoint)).ShouldBeFalse();
        (await _circuits.Get<IPushDevices>(bob).IsSubscribedAsync(phone.Endpoint)).ShouldBeTrue();

        (PushSubscriptionInfo, string)[] unusable =
        [
            (phone with { Endpoint = "not a url" }, PushDevices.BadEndpoint),
            (phone with { Endpoint = "ftp://push.example.com/x" }, PushDevices.BadEndpoint),
            (phone with { Endpoint = "https://push.example.com/" + new string('x', 2100) }, PushDevices.BadEndpoint),
            (phone with { P256dh = "AAAA" }, PushDevices.BadKey),
            (phone with { Auth = Convert.ToBase64String(new byte[15]) }, PushDevices.BadSecret),
            (phone with { P256dh = "%%%" }, PushDevices.BadKey),
        ];
        foreach (var (subscription, refusal) in unusable)
        {
            (await devices.SubscribeAsync(subscription)).Message.ShouldBe(refusal);
        }
    }

    [Fact]
    public async Task The_vapid_keys_are_made_once_and_kept_in_the_database_or_taken_from_configuration()
    {
        var file = Path.Combine(Path.GetTempPath(), $"letschat-push-{Guid.NewGuid():N}.db");
        string first;
        await using (var app = new LetsChatApp(sqliteFile: file))
        {
            first = (await app.Services.GetRequiredService<VapidKeys>().GetAsync()).PublicKey;
        }

        await using (var again = new LetsChatApp(sqliteFile: file))
        {
            (await again.Services.GetRequiredService<VapidKeys>().GetAsync()).PublicKey.ShouldBe(first);
        }

        Convert.FromBase64String(first.Replace('-', '+').Replace('_', '/') + "=").Length.ShouldBe(65);
        await using var configured = new LetsChatApp(new Dictionary<string, string?>
        {
            ["LetsChat:Push:PublicKey"] = "BPublicKeyFromConfiguration",
            ["LetsChat:Push:PrivateKey"] = "private",
            ["LetsChat:Push:Subject"] = "mailto:ops@example.com",
        }, sqliteFile: file);
        (await configured.Services.GetRequiredService<VapidKeys>().GetAsync()).ShouldBe(new VapidKeyPair("BPublicKeyFromConfiguration", "private", "mailto:ops@example.com"));
    }

    private string VapidPublicKey() => _app.Services.GetRequiredService<VapidKeys>().GetAsync().GetAwaiter().GetResult().PublicKey;

    private async Task<(User Ada, User Bob)> FriendsAsync()
    {
        var (ada, bob) = (await _app.CreateUserAsync("Ada"), await _app.CreateUserAsync("Bob"));
        await _app.MakeFriendsAsync(ada, bob);
        return (ada, bob);
    }

    private async Task<PushSubscriptionInfo> SubscribeAsync(User user, string device, bool newTab = false)
    {
        var subscription = _push.Subscribe(device);
        (await _circuits.For(user, newTab).Get<IPushDevices>().SubscribeAsync(subscription)).Succeeded.ShouldBeTrue();
        return subscription;
    }

    private async Task<bool> AnySubscriptionAsync(string device)
    {
        await using var db = await _app.CreateDbAsync();
        return await db.PushSubscriptions.AnyAsync(s => s.Endpoint.EndsWith("/push/" + device));
    }

    private async Task<long> ChatAsync(User reader, User friend) =>
        (await _circuits.Get<IRoomList>(reader).GetRoomsAsync()).Single(r => r.FriendId == friend.Id).Id;

    private async Task SendAsync(User author, long roomId, string text) =>
        (await _circuits.Get<IChatService>(author).SendAsync(roomId, Guid.NewGuid(), text)).Succeeded.ShouldBeTrue();

    private Task WaitingAsync(User reader, string text) =>
        Eventually.HoldsAsync(() => Dispatcher.WaitingFor(reader.Id).Any(n => n.Text.EndsWith(text, StringComparison.Ordinal)), $"\"{text}\" waits to be pushed to {reader.DisplayName}");

    private async Task NotifiedAsync(User reader, string text) =>
        await Eventually.HoldsAsync(
            async () => (await _circuits.Get<INotificationService>(reader).GetPageAsync()).Notifications.Any(n => n.Text.EndsWith(text, StringComparison.Ordinal)),
            $"{reader.DisplayName} is notified of \"{text}\"");

    // The push waits for the batch window, on the test's clock.
    private async Task SendAndCloseWindowAsync(User author, User reader, long roomId, string text)
    {
        await SendAsync(author, roomId, text);
        await CloseWindowsAsync(reader);
    }

    // Moves the clock past the batch window once each reader's window is open, and waits until they are dealt with.
    private async Task CloseWindowsAsync(params User[] readers)
    {
        await Eventually.HoldsAsync(() => readers.All(r => Dispatcher.IsTiming(r.Id)), "the batch windows are open");
        var before = Dispatcher.WindowsClosed;
        _time.Advance(TimeSpan.FromSeconds(3));
        // A notification that arrives late (the setup's own) opens another window: move the clock on for that one too.
        await Eventually.HoldsAsync(() =>
        {
            if (readers.Any(r => Dispatcher.IsTiming(r.Id)))
            {
                _time.Advance(TimeSpan.FromSeconds(3));
            }

            return Dispatcher.WindowsClosed >= before + readers.Length && readers.All(r => !Dispatcher.IsTiming(r.Id));
        }, "the batch windows closed and their pushes went");
    }
}

using System.Buffers.Text;
using System.Net;
using System.Security.Claims;
using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications.Push;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Notifications.Push;

/// <summary>
/// The rest of push's rules, through the real host and the push service on loopback: read before the window closes,
/// a busy push service, a device that cannot be encrypted for, whose device one may take or remove, what is refused,
/// and how many devices one keeps.
/// </summary>
public sealed class PushRulesTests : IAsyncLifetime
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
    public async Task What_was_read_before_the_window_closed_is_not_pushed_and_a_busy_push_service_is_not_asked_again()
    {
        var (ada, bob, cy) = (await _app.CreateUserAsync("Ada"), await _app.CreateUserAsync("Bob"), await _app.CreateUserAsync("Cy"));
        await _app.MakeFriendsAsync(ada, bob);
        await _app.MakeFriendsAsync(ada, cy);
        await SubscribeAsync(bob, "bob-phone");
        await SubscribeAsync(cy, "cy-busy-phone");
        await SubscribeAsync(cy, "cy-laptop");
        _push.AnswerWith("cy-busy-phone", HttpStatusCode.TooManyRequests);

        await SendAsync(ada, await ChatAsync(bob, ada), "read it already");
        await SendAsync(ada, await ChatAsync(cy, ada), "hello Cy");
        await WaitingAsync(bob, "read it already");
        await WaitingAsync(cy, "hello Cy");
        await _circuits.Get<INotificationService>(bob).MarkAllReadAsync();
        await CloseWindowsAsync(rounds: 2);

        await Eventually.HoldsAsync(() => _push.Received("cy-laptop").Count == 1, "Cy's laptop gets it");
        _push.Received("bob-phone").ShouldBeEmpty();
        _push.Requests.Count(r => r.Device == "bob-phone").ShouldBe(0);
        _push.Requests.Count(r => r.Device == "cy-busy-phone").ShouldBe(1); // refused once, and left at that
        (await SubscribedAsync("cy-busy-phone")).ShouldBeTrue(); // busy is not gone
        _push.Requests.ShouldAllBe(r => r.Problem == null);
    }

    [Fact]
    public async Task A_device_whose_keys_cannot_be_encrypted_for_does_not_stop_the_others()
    {
        var (ada, bob) = (await _app.CreateUserAsync("Ada"), await _app.CreateUserAsync("Bob"));
        await _app.MakeFriendsAsync(ada, bob);
        var broken = _push.Subscribe("broken");
        await using (var db = await _app.CreateDbAsync())
        {
            // Stored before subscriptions were checked: a key that is no point on the curve.
            db.PushSubscriptions.Add(new PushSubscription
            {
                UserId = bob.Id, Endpoint = broken.Endpoint, P256dh = Base64Url.EncodeToString([0x04, .. Enumerable.Repeat((byte)1, 64)]), Auth = broken.Auth, CreatedAt = _time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        await SubscribeAsync(bob, "fine");
        await SendAsync(ada, await ChatAsync(bob, ada), "still arrives");
        await WaitingAsync(bob, "still arrives");
        await CloseWindowsAsync();

        await Eventually.HoldsAsync(() => _push.Received("fine").Count == 1, "the good device gets it");
        _push.Received("fine")[0].GetProperty("body").GetString().ShouldBe("still arrives");
        _push.Received("broken").ShouldBeEmpty();
    }

    [Fact]
    public async Task Subscribing_a_browser_again_takes_it_over_and_bad_subscriptions_are_refused_with_their_reason()
    {
        var (bob, carol) = (await _app.CreateUserAsync("Bob"), await _app.CreateUserAsync("Carol"));
        var browser = await SubscribeAsync(bob, "shared-browser");

        // Carol signs in on Bob's browser and turns push on: its one subscription is hers now.
        (await _circuits.Get<IPushDevices>(carol).SubscribeAsync(browser)).Succeeded.ShouldBeTrue();
        (await _circuits.Get<IPushDevices>(bob).IsSubscribedAsync(browser.Endpoint)).ShouldBeFalse();
        (await _circuits.Get<IPushDevices>(bob).UnsubscribeAsync(browser.Endpoint)).Succeeded.ShouldBeTrue();
        (await _circuits.Get<IPushDevices>(carol).IsSubscribedAsync(browser.Endpoint)).ShouldBeTrue(); // Bob could not remove it

        var good = _push.Subscribe("good");
        var devices = _circuits.Get<IPushDevices>(bob);
        (PushSubscriptionInfo, string)[] refused =
        [
            (good with { Endpoint = "/push/relative" }, PushDevices.BadEndpoint),
            (good with { Endpoint = "" }, PushDevices.BadEndpoint),
            (good with { P256dh = Base64Url.EncodeToString([0x04, .. Enumerable.Repeat((byte)1, 64)]) }, PushDevices.BadKey), // off the curve
            (good with { P256dh = Base64Url.EncodeToString(new byte[65]) }, PushDevices.BadKey),
            (good with { Auth = Base64Url.EncodeToString(new byte[17]) }, PushDevices.BadSecret),
        ];
        foreach (var (subscription, reason) in refused)
        {
            (await devices.SubscribeAsync(subscription)).ShouldBe(Outcome.Refused(reason));
        }

        await using var visitor = _app.OpenCircuit(new ClaimsPrincipal(new ClaimsIdentity()));
        (await visitor.Get<IPushDevices>().SubscribeAsync(good)).ShouldBe(Outcome.Refused(Refusals.SignInFirst));
        (await visitor.Get<IPushDevices>().UnsubscribeAsync(browser.Endpoint)).ShouldBe(Outcome.Refused(Refusals.SignInFirst));
        (await SubscribedAsync("good")).ShouldBeFalse();
        (await devices.SubscribeAsync(good)).Succeeded.ShouldBeTrue(); // the same, well formed, is taken
    }

    [Fact]
    public async Task An_eleventh_device_replaces_the_oldest_and_deleting_the_account_removes_them_all()
    {
        var bob = await _app.CreateUserAsync("Bob");
        for (var i = 1; i <= 11; i++)
        {
            await SubscribeAsync(bob, $"device-{i}");
        }

        (await SubscribedAsync("device-1")).ShouldBeFalse();
        (await SubscribedAsync("device-11")).ShouldBeTrue();
        await using (var db = await _app.CreateDbAsync())
        {
            (await db.PushSubscriptions.CountAsync(s => s.UserId == bob.Id)).ShouldBe(PushDevices.MaxDevices);
        }

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AccountDeletion>().DeleteAsync(bob.Id, removeMessages: false)).ShouldBeTrue();
        }

        await using var after = await _app.CreateDbAsync();
        (await after.PushSubscriptions.CountAsync(s => s.UserId == bob.Id)).ShouldBe(0);
    }

    private async Task<PushSubscriptionInfo> SubscribeAsync(User user, string device)
    {
        var subscription = _push.Subscribe(device);
        var outcome = await _circuits.Get<IPushDevices>(user).SubscribeAsync(subscription);
        outcome.Succeeded.ShouldBeTrue(outcome.Message);
        return subscription;
    }

    private async Task<bool> SubscribedAsync(string device)
    {
        await using var db = await _app.CreateDbAsync();
        return await db.PushSubscriptions.AnyAsync(s => s.Endpoint.EndsWith("/push/" + device));
    }

    private async Task<long> ChatAsync(User reader, User friend) =>
        (await _circuits.Get<IRoomList>(reader).GetRoomsAsync()).Single(r => r.FriendId == friend.Id).Id;

    private async Task SendAsync(User author, long roomId, string text) =>
        (await _circuits.Get<IChatService>(author).SendAsync(roomId, Guid.NewGuid(), text)).Succeeded.ShouldBeTrue();

    // The notification itself waits in the reader's window, so moving the clock cannot leave it for a later one.
    private Task WaitingAsync(User reader, string text) =>
        Eventually.HoldsAsync(() => Dispatcher.WaitingFor(reader.Id).Any(n => n.Text.EndsWith(text, StringComparison.Ordinal)), $"\"{text}\" waits to be pushed to {reader.DisplayName}");

    private async Task CloseWindowsAsync(int rounds = 1)
    {
        var before = Dispatcher.WindowsClosed;
        _time.Advance(TimeSpan.FromSeconds(3));
        await Eventually.HoldsAsync(() => Dispatcher.WindowsClosed >= before + rounds, $"{rounds} batch window(s) closed and dealt with");
    }
}

using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications.Digests;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Notifications.Digests;

/// <summary>
/// The real host sending its mail to a real SMTP server on loopback, on a clock the test moves, with its logs kept.
/// Rounds run when the test says, unless the settings give the app's own timer a period.
/// </summary>
internal sealed class DigestScene : IAsyncDisposable
{
    public const string Site = "https://chat.example.com";

    public DigestScene(Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = Smtp.Settings();
        settings["LetsChat:PublicUrl"] = Site;
        settings["LetsChat:Digests:CheckEvery"] = "1.00:00:00";
        configure?.Invoke(settings);
        App = new LetsChatApp(settings)
        {
            TestServices = services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                services.AddLogging(logging => logging.AddFakeLogging());
            },
        };
        Circuits = new CircuitPool(App);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public FakeSmtpServer Smtp { get; } = new();

    public LetsChatApp App { get; }

    public CircuitPool Circuits { get; }

    public IReadOnlyList<FakeLogRecord> Logs => App.Services.GetFakeLogCollector().GetSnapshot();

    /// <summary>The options the app reads for each mail, so a test can point it at another server mid-way.</summary>
    public SmtpOptions SmtpOptions => App.Services.GetRequiredService<IOptionsMonitor<SmtpOptions>>().CurrentValue;

    public Task<int> RoundAsync(CancellationToken cancellationToken = default) =>
        App.Services.GetRequiredService<DigestMailer>().RunOnceAsync(cancellationToken);

    public async Task<(User Ada, User Bob, long Chat)> FriendsAsync()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada", "ada@example.com"), await App.CreateUserAsync("Bob", "bob@example.com"));
        await App.MakeFriendsAsync(ada, bob);
        return (ada, bob, await PrivateRoomAsync(bob, ada));
    }

    public async Task<long> PrivateRoomAsync(User reader, User friend) =>
        (await Circuits.Get<IRoomList>(reader).GetRoomsAsync()).Single(r => r.FriendId == friend.Id).Id;

    public async Task SendAsync(User author, long roomId, string text) =>
        (await Circuits.Get<IChatService>(author).SendAsync(roomId, Guid.NewGuid(), text)).Succeeded.ShouldBeTrue();

    /// <summary>Sends and waits until the reader's notification is stored, at the time it was sent, before the clock moves.</summary>
    public async Task SendAndNotifyAsync(User author, long roomId, User reader, string text)
    {
        await SendAsync(author, roomId, text);
        await NotifiedAsync(reader, text);
    }

    public Task NotifiedAsync(User reader, string text) =>
        Eventually.HoldsAsync(
            async () => (await Circuits.Get<INotificationService>(reader).GetPageAsync()).Notifications.Any(n => !n.IsRead && n.Text.EndsWith(text, StringComparison.Ordinal)),
            $"{reader.DisplayName} is notified of \"{text}\"");

    public async Task<bool> DigestsOnAsync(User user) => (await Circuits.Get<IEmailDigestSettings>(user).GetAsync())!.On;

    public async ValueTask DisposeAsync()
    {
        await Circuits.DisposeAsync();
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Server.Notifications.Digests;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Notifications.Digests;

/// <summary>Two instances on one PostgreSQL run their rounds at the same moment: each digest is still mailed once.</summary>
public sealed class DigestAcrossInstancesTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FakeSmtpServer _smtp = new();
    private TwoInstances _instances = default!;

    public async ValueTask InitializeAsync()
    {
        var settings = _smtp.Settings();
        settings["LetsChat:PublicUrl"] = "https://chat.example.com";
        settings["LetsChat:Digests:CheckEvery"] = "1.00:00:00";
        _instances = await TwoInstances.StartAsync(postgres, settings, services => services.AddSingleton<TimeProvider>(_time));
    }

    public async ValueTask DisposeAsync()
    {
        await _instances.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Rounds_on_both_instances_at_once_mail_each_person_once()
    {
        var app = _instances.A;
        await using var circuits = new CircuitPool(app);
        var ada = await app.CreateUserAsync("Ada", "ada@example.com");
        var readers = new List<LetsChat.Server.Identity.User>();
        for (var i = 0; i < 6; i++)
        {
            var reader = await app.CreateUserAsync($"Reader {i}", $"reader{i}@example.com");
            await app.MakeFriendsAsync(ada, reader);
            var room = (await circuits.Get<IRoomList>(reader).GetRoomsAsync()).Single(r => r.FriendId == ada.Id).Id;
            (await circuits.Get<IChatService>(ada).SendAsync(room, Guid.NewGuid(), $"hello reader {i}")).Succeeded.ShouldBeTrue();
            readers.Add(reader);
        }

        await Eventually.HoldsAsync(async () =>
        {
            foreach (var reader in readers)
            {
                if (!(await circuits.Get<INotificationService>(reader).GetPageAsync()).Notifications.Any(n => n.Kind == NotificationKind.PrivateMessage))
                {
                    return false;
                }
            }

            return true;
        }, "every reader is notified");
        _time.Advance(TimeSpan.FromMinutes(16));

        var sent = await Task.WhenAll(
            _instances.A.Services.GetRequiredService<DigestMailer>().RunOnceAsync(CancellationToken.None),
            _instances.B.Services.GetRequiredService<DigestMailer>().RunOnceAsync(CancellationToken.None));

        sent.Sum().ShouldBe(6);
        foreach (var (reader, i) in readers.Select((r, i) => (r, i)))
        {
            (await _smtp.WaitForMailToAsync($"reader{i}@example.com")).TextBody!.ShouldContain($"hello reader {i}");
        }

        _smtp.Messages.Count.ShouldBe(6);
    }
}

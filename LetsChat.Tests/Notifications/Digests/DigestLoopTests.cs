using System.Net;
using System.Net.Sockets;
using LetsChat.Components.Notifications;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LetsChat.Tests.Notifications.Digests;

/// <summary>
/// The digest loop as the app runs it: its own timer (on the test's clock) starts each round, a mail server that hangs
/// or an app that stops mid-send loses nothing, and without the site's address no digest goes out.
/// </summary>
public sealed class DigestLoopTests : IAsyncDisposable
{
    private readonly SilentServer _silent = new();
    private DigestScene? _scene;

    public async ValueTask DisposeAsync()
    {
        if (_scene is not null)
        {
            await _scene.DisposeAsync();
        }

        _silent.Dispose();
    }

    [Fact]
    public async Task The_apps_timer_mails_each_quiet_conversation_once_and_keeps_checking_every_minute()
    {
        var scene = Scene(settings => settings.Remove("LetsChat:Digests:CheckEvery"));
        var (ada, bob, chat) = await scene.FriendsAsync();
        await scene.SendAndNotifyAsync(ada, chat, bob, "first burst");

        scene.Time.Advance(TimeSpan.FromMinutes(16));
        (await scene.Smtp.WaitForMailToAsync("bob@example.com")).TextBody!.ShouldContain("Ada: first burst");

        scene.Time.Advance(TimeSpan.FromMinutes(1));
        await scene.SendAndNotifyAsync(ada, chat, bob, "second burst");
        scene.Time.Advance(TimeSpan.FromMinutes(16));
        (await scene.Smtp.WaitForMailToAsync("bob@example.com", 2)).TextBody!.ShouldContain("Ada: second burst");
        scene.Smtp.Messages.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_mail_server_that_never_answers_times_out_the_loop_carries_on_and_the_digest_goes_later()
    {
        var scene = Scene(settings =>
        {
            settings.Remove("LetsChat:Digests:CheckEvery");
            settings["Smtp:Timeout"] = "00:00:01";
        });
        var (ada, bob, chat) = await scene.FriendsAsync();
        var working = scene.SmtpOptions.Port;
        scene.SmtpOptions.Port = _silent.Port;
        await scene.SendAndNotifyAsync(ada, chat, bob, "are you there?");

        scene.Time.Advance(TimeSpan.FromMinutes(16));
        await _silent.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        scene.SmtpOptions.Port = working;
        scene.Time.Advance(TimeSpan.FromMinutes(1)); // the next tick, taken once the hung round has given up

        (await scene.Smtp.WaitForMailToAsync("bob@example.com")).TextBody!.ShouldContain("Ada: are you there?");
        scene.Logs.ShouldContain(l => l.Level == LogLevel.Warning && l.Message.Contains($"user {bob.Id} could not be sent", StringComparison.Ordinal));
        scene.Smtp.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_app_stopping_mid_send_gives_the_notifications_back_for_the_next_round()
    {
        var scene = Scene();
        var (ada, bob, chat) = await scene.FriendsAsync();
        var working = scene.SmtpOptions.Port;
        scene.SmtpOptions.Port = _silent.Port;
        await scene.SendAndNotifyAsync(ada, chat, bob, "stay with me");
        scene.Time.Advance(TimeSpan.FromMinutes(16));
        using var stopping = new CancellationTokenSource();

        var round = scene.RoundAsync(stopping.Token);
        await _silent.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.CancelAsync();

        (await Should.ThrowAsync<Exception>(round)).ShouldBeAssignableTo<OperationCanceledException>();
        await using (var db = await scene.App.CreateDbAsync())
        {
            (await db.Notifications.Where(n => n.RecipientId == bob.Id).Select(n => n.EmailedAt).SingleAsync()).ShouldBeNull();
        }

        scene.SmtpOptions.Port = working;
        (await scene.RoundAsync()).ShouldBe(1);
        (await scene.Smtp.WaitForMailToAsync("bob@example.com")).TextBody!.ShouldContain("Ada: stay with me");
    }

    [Fact]
    public async Task Without_the_sites_public_address_no_digest_goes_out_and_a_warning_says_why_once()
    {
        var scene = Scene(settings => settings["LetsChat:PublicUrl"] = string.Empty);
        var (ada, bob, chat) = await scene.FriendsAsync();
        await scene.SendAndNotifyAsync(ada, chat, bob, "no address");
        scene.Time.Advance(TimeSpan.FromMinutes(16));

        (await scene.RoundAsync()).ShouldBe(0);

        scene.Logs.Count(l => l.Level == LogLevel.Warning && l.Message.Contains("LetsChat:PublicUrl is not", StringComparison.Ordinal)).ShouldBe(1);
        (await scene.Circuits.Get<IEmailDigestSettings>(bob).GetAsync())!.SiteSendsMail.ShouldBeFalse();
        scene.Smtp.Messages.ShouldBeEmpty();
    }

    private DigestScene Scene(Action<Dictionary<string, string?>>? configure = null) => _scene = new DigestScene(configure);

    /// <summary>A TCP server on loopback that accepts connections and never says a word, as a hung mail server does.</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _clients = [];
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SilentServer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public Task Connected => _connected.Task;

        public void Dispose()
        {
            _listener.Stop();
            _listener.Dispose();
            lock (_clients)
            {
                _clients.ForEach(c => c.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_clients)
                    {
                        _clients.Add(client);
                    }

                    _connected.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Stopped at the end of the test.
            }
        }
    }
}

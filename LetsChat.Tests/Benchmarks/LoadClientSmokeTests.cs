using LetsChat.Benchmarks.Load;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Benchmarks;

/// <summary>
/// The benchmark's load client at smoke size against the real host: it must open real circuits and count every
/// delivery, or the published figures mean nothing. Counts only, never timings.
/// </summary>
public sealed class LoadClientSmokeTests
{
    [Fact]
    public async Task Twenty_signed_in_users_hold_circuits_on_the_public_room()
    {
        await using var app = new LetsChatApp();
        var cancellationToken = TestContext.Current.CancellationToken;
        var presence = app.Services.GetRequiredService<PresenceService>();
        List<(SimulatedUser User, BlazorCircuit Circuit)> open = [];
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var user = await SimulatedUser.SignInAsync(app.ServerAddress, $"Idle {i}", cancellationToken);
                var circuit = await BlazorCircuit.OpenAsync(user, "/chat", null, cancellationToken);
                open.Add((user, circuit));
                await circuit.WaitForComposerAsync(cancellationToken);
            }

            await Eventually.HoldsAsync(() => presence.CircuitCount == 20, "the server counts 20 circuits");
            presence.OnlineUserCount.ShouldBe(20);
            open.ShouldAllBe(c => !c.Circuit.Closed && c.Circuit.Error == null);
        }
        finally
        {
            foreach (var (user, circuit) in open)
            {
                await circuit.DisposeAsync();
                user.Dispose();
            }
        }
    }

    [Fact]
    public async Task Every_message_sent_through_a_composer_reaches_every_watcher_exactly_once()
    {
        await using var app = new LetsChatApp();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var runner = new FanoutRunner(new LetsChatTarget(app.ServerAddress), server: null);
        await runner.OpenAsync(watchers: 20, senders: 2, parallel: 4, progress: null, cancellationToken);

        var result = await runner.RunStepAsync(rate: 20, messages: 20, cancellationToken);

        runner.WatcherCount.ShouldBe(20);
        result.Delivery.Expected.ShouldBe(20 * 20);
        result.Delivery.Delivered.ShouldBe(20 * 20);
        result.Delivery.Lost.ShouldBe(0);
        result.Delivery.Duplicated.ShouldBe(0);
        await using var db = await app.CreateDbAsync();
        db.Messages.Count(m => m.Body.StartsWith("lcb")).ShouldBe(20);
    }

    [Fact]
    public void The_load_client_refuses_anything_but_loopback()
    {
        Should.Throw<ArgumentException>(() => SimulatedUser.LoopbackOnly(new Uri("http://example.com/")));
    }
}

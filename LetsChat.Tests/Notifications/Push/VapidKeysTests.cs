using System.Buffers.Text;
using System.Security.Cryptography;
using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications.Push;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LetsChat.Tests.Notifications.Push;

/// <summary>The VAPID keys made at start and agreed on by makers racing each other; https only; push turned off.</summary>
public sealed class VapidKeysTests
{
    [Fact]
    public async Task Keys_are_made_at_start_and_makers_racing_on_one_database_end_with_one_pair()
    {
        await using var app = new LetsChatApp();
        await using (var db = await app.CreateDbAsync())
        {
            await Eventually.HoldsAsync(() => db.ServerSettings.Count(s => s.Name.StartsWith("vapid-")) == 2, "the keys are made at start, before anyone asks");
        }

        var makers = Enumerable.Range(0, 6).Select(_ => new VapidKeys(
            app.Services.GetRequiredService<IDbContextFactory<LetsChatDb>>(),
            app.Services.GetRequiredService<IOptions<PushOptions>>(),
            app.Services.GetRequiredService<IOptionsMonitor<LetsChatOptions>>(),
            TimeProvider.System)).ToList();
        var pairs = await Task.WhenAll(makers.Select(m => m.GetAsync()));
        makers.ForEach(m => m.Dispose());

        var bob = await app.CreateUserAsync("Bob");
        await using var circuit = app.OpenCircuit(bob);
        var served = await circuit.Get<IPushDevices>().GetPublicKeyAsync();
        pairs.Select(p => p.PublicKey).Distinct().ShouldBe([served]);
        Base64Url.DecodeFromChars(served).Length.ShouldBe(65);
        await using var after = await app.CreateDbAsync();
        (await after.ServerSettings.CountAsync(s => s.Name.StartsWith("vapid-"))).ShouldBe(2);

        // Plain http only where configured (the tests' push service); a browser's real endpoint is https.
        (await circuit.Get<IPushDevices>().SubscribeAsync(new PushSubscriptionInfo("http://127.0.0.1:9/push/x", Key(), Secret()))).ShouldBe(Outcome.Refused(PushDevices.BadEndpoint));
        (await circuit.Get<IPushDevices>().SubscribeAsync(new PushSubscriptionInfo("https://push.example.com/x", Key(), Secret()))).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task With_push_off_there_is_no_key_no_device_can_subscribe_and_nothing_is_stored()
    {
        await using var app = new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:Push:Enabled"] = "false" });
        var bob = await app.CreateUserAsync("Bob");
        await using var circuit = app.OpenCircuit(bob);

        (await circuit.Get<IPushDevices>().GetPublicKeyAsync()).ShouldBeNull();
        (await circuit.Get<IPushDevices>().SubscribeAsync(new PushSubscriptionInfo("https://push.example.com/x", Key(), Secret()))).ShouldBe(Outcome.Refused(PushDevices.PushOff));
        await using var db = await app.CreateDbAsync();
        (await db.ServerSettings.CountAsync(s => s.Name.StartsWith("vapid-"))).ShouldBe(0);
        (await db.PushSubscriptions.CountAsync()).ShouldBe(0);
    }

    private static string Key()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        return Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]);
    }

    private static string Secret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}

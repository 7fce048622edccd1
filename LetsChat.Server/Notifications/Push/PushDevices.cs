using System.Buffers.Text;
using System.Security.Cryptography;
using LetsChat.Components.Notifications;
using LetsChat.Components.Shared;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Notifications.Push;

/// <summary>The current user's push subscriptions, one per device (browser); their own only, checked on every call.</summary>
internal sealed class PushDevices(
    CurrentUser currentUser,
    IDbContextFactory<LetsChatDb> dbFactory,
    VapidKeys keys,
    IOptions<PushOptions> options,
    TimeProvider time,
    ILogger<PushDevices> logger) : IPushDevices
{
    /// <summary>The most devices one person has subscribed; another replaces the oldest.</summary>
    public const int MaxDevices = 10;

    public const string PushOff = "Push notifications are off on this server.";
    public const string BadEndpoint = "This browser's push address cannot be used: it must be an https address of at most 2048 characters.";
    public const string BadKey = "This browser's push key cannot be used: it must be a P-256 public key (65 bytes, base64url).";
    public const string BadSecret = "This browser's push secret cannot be used: it must be 16 bytes (base64url).";

    public async Task<string?> GetPublicKeyAsync() => options.Value.Enabled ? (await keys.GetAsync()).PublicKey : null;

    public Task<Outcome> SubscribeAsync(PushSubscriptionInfo subscription) => DatabaseOutage.RefusedAsync(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        if (!options.Value.Enabled)
        {
            return Outcome.Refused(PushOff);
        }

        if (Problem(subscription) is { } problem)
        {
            return Outcome.Refused(problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var sessionId = await currentUser.SessionIdAsync();
        var userAgent = sessionId is null ? null : await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.UserAgent).FirstOrDefaultAsync();
        // One endpoint is one browser: subscribing it again (or as someone else, after a sign-in) takes it over.
        await db.PushSubscriptions.Where(s => s.Endpoint == subscription.Endpoint).ExecuteDeleteAsync();
        db.PushSubscriptions.Add(new PushSubscription
        {
            UserId = me.Id,
            SessionId = sessionId,
            Endpoint = subscription.Endpoint,
            P256dh = subscription.P256dh,
            Auth = subscription.Auth,
            DeviceName = DeviceNames.Describe(userAgent),
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync();
        var beyond = await db.PushSubscriptions.Where(s => s.UserId == me.Id).OrderByDescending(s => s.Id).Skip(MaxDevices).Select(s => s.Id).ToListAsync();
        await db.PushSubscriptions.Where(s => beyond.Contains(s.Id)).ExecuteDeleteAsync();
        return Outcome.Done("Push notifications are on for this device.");
    }, Outcome.Refused, logger);

    public Task<Outcome> UnsubscribeAsync(string endpoint) => DatabaseOutage.RefusedAsync(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        await db.PushSubscriptions.Where(s => s.UserId == me.Id && s.Endpoint == endpoint).ExecuteDeleteAsync();
        return Outcome.Done("Push notifications are off for this device.");
    }, Outcome.Refused, logger);

    public async Task<bool> IsSubscribedAsync(string endpoint)
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.PushSubscriptions.AnyAsync(s => s.UserId == me.Id && s.Endpoint == endpoint);
    }

    // An absolute https address (http only where configured for tests), a point on P-256 and a 16-byte secret: anything
    // else could never be pushed to, and an address inside the network is no push service.
    private string? Problem(PushSubscriptionInfo subscription)
    {
        if (subscription.Endpoint is not { Length: <= 2048 } endpoint
            || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && options.Value.AllowInsecureEndpoints)))
        {
            return BadEndpoint;
        }

        if (Decodes(subscription.P256dh, 65) is not [0x04, ..] point || !IsOnCurve(point))
        {
            return BadKey;
        }

        return Decodes(subscription.Auth, 16) is null ? BadSecret : null;
    }

    // A point off the curve would make every later push to the device fail to encrypt.
    private static bool IsOnCurve(byte[] point)
    {
        try
        {
            using var key = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static byte[]? Decodes(string? value, int length)
    {
        if (value is null || value.Length > 200)
        {
            return null;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(value.TrimEnd('='));
            return bytes.Length == length ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

using System.Buffers.Text;
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

    public const string BadSubscription = "This browser gave a push subscription the server cannot use. Try turning push off and on again.";

    public async Task<string> GetPublicKeyAsync() => (await keys.GetAsync()).PublicKey;

    public Task<Outcome> SubscribeAsync(PushSubscriptionInfo subscription) => DatabaseOutage.RefusedAsync(async () =>
    {
        if (await currentUser.GetAsync() is not { } me)
        {
            return Outcome.Refused(Refusals.SignInFirst);
        }

        if (!IsUsable(subscription))
        {
            return Outcome.Refused(BadSubscription);
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

    // An absolute https address (http only where configured for tests), a P-256 point and a 16-byte secret: anything
    // else could never be pushed to, and an address inside the network is no push service.
    private bool IsUsable(PushSubscriptionInfo subscription) =>
        subscription.Endpoint is { Length: <= 2048 } endpoint
        && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && options.Value.AllowInsecureEndpoints))
        && Decodes(subscription.P256dh, 65) is [0x04, ..]
        && Decodes(subscription.Auth, 16) is not null;

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

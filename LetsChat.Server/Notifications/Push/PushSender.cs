using System.Net;
using System.Text.Json;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using LetsChat.Components.Notifications;
using LetsChat.Server.Data;
using LetsChat.Server.Presence;
using LetsChat.Server.Presence.Status;
using Microsoft.EntityFrameworkCore;
using Subscription = LetsChat.Server.Notifications.Push.PushSubscription;

namespace LetsChat.Server.Notifications.Push;

/// <summary>
/// Sends one person's batch of notifications to each of their devices as one push, encrypted for that device alone
/// (RFC 8291) and signed with the server's VAPID key (RFC 8292). Whether to push is decided now, not when the
/// notifications were made: nothing while they have a tab open anywhere, are in do not disturb, are banned or deleted,
/// and nothing already read. A device the push service says is gone (404, 410), or whose sign-in session ended, is
/// forgotten; a refusal or an outage drops that push only (no retries: the bell still has it).
/// </summary>
public sealed partial class PushSender(
    IDbContextFactory<LetsChatDb> dbFactory,
    IPresenceDirectory presence,
    VapidKeys keys,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<PushSender> logger)
{
    public const string HttpClientName = "web-push";

    /// <summary>Pushes <paramref name="batch"/> (oldest first) to <paramref name="recipientId"/>'s devices; returns how many took it.</summary>
    public async Task<int> PushAsync(long recipientId, IReadOnlyList<NotificationView> batch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscriptions = await db.PushSubscriptions.Where(s => s.UserId == recipientId).ToListAsync(cancellationToken);
        if (subscriptions.Count == 0 || !await WantsPushAsync(db, recipientId, cancellationToken))
        {
            return 0;
        }

        var ids = batch.Select(n => n.Id).ToList();
        var unread = (await db.Notifications.Where(n => ids.Contains(n.Id) && n.ReadAt == null).Select(n => n.Id).ToListAsync(cancellationToken)).ToHashSet();
        var news = batch.Where(n => unread.Contains(n.Id)).ToList();
        if (news.Count == 0)
        {
            return 0;
        }

        // A device signed out (its session gone) gets nothing more, and is forgotten.
        var sessionIds = subscriptions.Select(s => s.SessionId).OfType<string>().ToList();
        var alive = (await db.Sessions.Where(s => sessionIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var signedOut = subscriptions.Where(s => s.SessionId is { } session && !alive.Contains(session)).Select(s => s.Id).ToList();
        await ForgetAsync(db, signedOut, cancellationToken);

        var payload = PushPayload.Of(news);
        var vapid = await keys.GetAsync(cancellationToken);
        using var authentication = new VapidAuthentication(vapid.PublicKey, vapid.PrivateKey) { Subject = vapid.Subject };
        var client = new PushServiceClient(httpClients.CreateClient(HttpClientName))
        {
            DefaultAuthentication = authentication,
            DefaultAuthenticationScheme = VapidAuthenticationScheme.Vapid,
            AutoRetryAfter = false,
        };
        var now = time.GetUtcNow();
        List<long> gone = [];
        var reached = 0;
        foreach (var device in subscriptions.Where(s => !signedOut.Contains(s.Id)))
        {
            switch (await DeliverAsync(client, device, payload, cancellationToken))
            {
                case Delivery.Taken:
                    device.LastPushedAt = now;
                    reached++;
                    break;
                case Delivery.Gone:
                    gone.Add(device.Id);
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await ForgetAsync(db, gone, cancellationToken);
        return reached;
    }

    // No tab open anywhere (across instances), not in do not disturb, and still an account in good standing.
    private async Task<bool> WantsPushAsync(LetsChatDb db, long recipientId, CancellationToken cancellationToken)
    {
        var person = await db.Users.Where(u => u.Id == recipientId && !u.IsBanned && u.DeletedAt == null)
            .Select(u => new { u.StatusChoice, u.StatusUntil }).SingleOrDefaultAsync(cancellationToken);
        return person is not null
            && !StatusRules.IsDoNotDisturb(person.StatusChoice, person.StatusUntil, time.GetUtcNow())
            && !(await presence.OnlineAmongAsync([recipientId], cancellationToken)).Contains(recipientId);
    }

    private async Task<Delivery> DeliverAsync(PushServiceClient client, Subscription device, PushPayload payload, CancellationToken cancellationToken)
    {
        var target = new Lib.Net.Http.WebPush.PushSubscription { Endpoint = device.Endpoint };
        target.SetKey(PushEncryptionKeyName.P256DH, device.P256dh);
        target.SetKey(PushEncryptionKeyName.Auth, device.Auth);
        var message = new PushMessage(JsonSerializer.Serialize(payload, PushPayload.Json))
        {
            Topic = payload.Topic,
            TimeToLive = PushPayload.TimeToLiveSeconds,
            Urgency = PushMessageUrgency.High,
        };
        try
        {
            await client.RequestPushMessageDeliveryAsync(target, message, cancellationToken);
            return Delivery.Taken;
        }
        catch (PushServiceClientException ex) when (ex.StatusCode is HttpStatusCode.OK)
        {
            return Delivery.Taken; // 201 is the protocol's answer; some push services say 200
        }
        catch (PushServiceClientException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            Log.DeviceGone(logger, device.UserId, (int)ex.StatusCode);
            return Delivery.Gone;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Too many requests, the push service down or unreachable: this push is dropped, the other devices still get theirs.
            Log.PushNotTaken(logger, ex, device.UserId);
            return Delivery.NotTaken;
        }
    }

    private static async Task ForgetAsync(LetsChatDb db, List<long> subscriptionIds, CancellationToken cancellationToken)
    {
        if (subscriptionIds.Count > 0)
        {
            await db.PushSubscriptions.Where(s => subscriptionIds.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private enum Delivery
    {
        Taken,
        NotTaken,
        Gone,
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "A push service says a device of user {UserId} is gone ({StatusCode}); it is forgotten")]
        public static partial void DeviceGone(ILogger logger, long userId, int statusCode);

        [LoggerMessage(LogLevel.Information, "A push service did not take a push for user {UserId}; it is dropped")]
        public static partial void PushNotTaken(ILogger logger, Exception exception, long userId);
    }
}

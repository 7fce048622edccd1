using System.Net;
using System.Text.Json;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using LetsChat.Components.Notifications;
using LetsChat.Server.Data;
using LetsChat.Server.Presence;
using LetsChat.Server.Presence.Status;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Subscription = LetsChat.Server.Notifications.Push.PushSubscription;

namespace LetsChat.Server.Notifications.Push;

/// <summary>
/// Pushes new notifications to the devices of people with no tab of Let's Chat open, off the path that made them. The
/// first notification for a person opens a window (<see cref="PushOptions.BatchWindow"/>); when it closes, each device
/// gets one push for everything still unread, encrypted for that device alone (RFC 8291) and signed with the server's
/// VAPID key (RFC 8292). Nothing while they have a tab open anywhere, are in do not disturb, or are banned. A device the
/// push service says is gone (404, 410), or whose sign-in session ended, is forgotten. Each notification is made on one
/// instance, which pushes it: batching is per instance.
/// </summary>
public sealed class PushDispatcher(
    IDbContextFactory<LetsChatDb> dbFactory,
    IPresenceDirectory presence,
    VapidKeys keys,
    IHttpClientFactory httpClients,
    IOptions<PushOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<PushDispatcher> logger)
{
    public const string HttpClientName = "web-push";
    private readonly Dictionary<long, List<NotificationView>> _waiting = [];
    private int _windowsClosed;

    private readonly HashSet<long> _timing = [];

    /// <summary>Batches dealt with (pushed, or found with nothing to push), for a test to wait on.</summary>
    internal int WindowsClosed => Volatile.Read(ref _windowsClosed);

    /// <summary>Whether a window is open for the person, its timer running: a test moves its clock only then.</summary>
    internal bool IsTiming(long recipientId)
    {
        lock (_waiting)
        {
            return _timing.Contains(recipientId);
        }
    }

    /// <summary>A notification was stored for <paramref name="recipientId"/>: it may go to their devices when the window closes.</summary>
    public void Enqueue(long recipientId, NotificationView notification)
    {
        bool opensWindow;
        lock (_waiting)
        {
            opensWindow = !_waiting.TryGetValue(recipientId, out var batch);
            if (opensWindow)
            {
                _waiting[recipientId] = batch = [];
            }

            batch!.RemoveAll(n => n.Id == notification.Id); // refreshed: the newest text counts
            batch.Add(notification);
        }

        if (opensWindow)
        {
            _ = PushAfterWindowAsync(recipientId);
        }
    }

    private async Task PushAfterWindowAsync(long recipientId)
    {
        try
        {
            var window = Task.Delay(options.Value.BatchWindow, time, lifetime.ApplicationStopping);
            lock (_waiting)
            {
                _timing.Add(recipientId);
            }

            await window;
            List<NotificationView> batch;
            lock (_waiting)
            {
                batch = _waiting[recipientId];
                _waiting.Remove(recipientId);
                _timing.Remove(recipientId);
            }

            await PushAsync(recipientId, batch, lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.PushRoundFailed(ex, recipientId);
            lock (_waiting)
            {
                _waiting.Remove(recipientId);
                _timing.Remove(recipientId);
            }
        }
        finally
        {
            Interlocked.Increment(ref _windowsClosed);
        }
    }

    private async Task PushAsync(long recipientId, List<NotificationView> batch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscriptions = await db.PushSubscriptions.Where(s => s.UserId == recipientId).ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var person = await db.Users.Where(u => u.Id == recipientId && !u.IsBanned && u.DeletedAt == null)
            .Select(u => new { u.StatusChoice, u.StatusUntil }).SingleOrDefaultAsync(cancellationToken);
        if (person is null || StatusRules.IsDoNotDisturb(person.StatusChoice, person.StatusUntil, now)
            || (await presence.OnlineAmongAsync([recipientId], cancellationToken)).Contains(recipientId))
        {
            return;
        }

        var ids = batch.Select(n => n.Id).ToList();
        var unread = (await db.Notifications.Where(n => ids.Contains(n.Id) && n.ReadAt == null).Select(n => n.Id).ToListAsync(cancellationToken)).ToHashSet();
        batch = [.. batch.Where(n => unread.Contains(n.Id)).OrderBy(n => n.CreatedAt)];
        if (batch.Count == 0)
        {
            return;
        }

        // A device signed out (its session gone) gets nothing more, and is forgotten.
        var sessionIds = subscriptions.Select(s => s.SessionId).OfType<string>().ToList();
        var alive = (await db.Sessions.Where(s => sessionIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var signedOut = subscriptions.Where(s => s.SessionId is { } session && !alive.Contains(session)).Select(s => s.Id).ToList();
        await ForgetAsync(db, signedOut, cancellationToken);

        var payload = PushPayload.Of(batch);
        var vapid = await keys.GetAsync(cancellationToken);
        using var authentication = new VapidAuthentication(vapid.PublicKey, vapid.PrivateKey) { Subject = vapid.Subject };
        var client = new PushServiceClient(httpClients.CreateClient(HttpClientName))
        {
            DefaultAuthentication = authentication,
            DefaultAuthenticationScheme = VapidAuthenticationScheme.Vapid,
            AutoRetryAfter = false,
        };
        List<long> gone = [];
        foreach (var device in subscriptions.Where(s => !signedOut.Contains(s.Id)))
        {
            if (await DeliverAsync(client, device, payload, cancellationToken) is var delivered && delivered is null)
            {
                gone.Add(device.Id);
            }
            else if (delivered == true)
            {
                device.LastPushedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await ForgetAsync(db, gone, cancellationToken);
    }

    /// <returns>True when the push service took it, false when it could not just now, null when the device is gone.</returns>
    private async Task<bool?> DeliverAsync(PushServiceClient client, Subscription device, PushPayload payload, CancellationToken cancellationToken)
    {
        var target = new Lib.Net.Http.WebPush.PushSubscription { Endpoint = device.Endpoint };
        target.SetKey(PushEncryptionKeyName.P256DH, device.P256dh);
        target.SetKey(PushEncryptionKeyName.Auth, device.Auth);
        var message = new PushMessage(JsonSerializer.Serialize(payload, PushPayload.Json)) { Topic = payload.Topic, TimeToLive = 86_400, Urgency = PushMessageUrgency.High };
        try
        {
            await client.RequestPushMessageDeliveryAsync(target, message, cancellationToken);
            return true;
        }
        catch (PushServiceClientException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return null;
        }
        catch (Exception ex) when (ex is PushServiceClientException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Too many, or the push service is down: this push is dropped (no retry storm); the bell still has it.
            logger.PushFailed(ex, device.UserId);
            return false;
        }
    }

    private static async Task ForgetAsync(LetsChatDb db, List<long> subscriptionIds, CancellationToken cancellationToken)
    {
        if (subscriptionIds.Count > 0)
        {
            await db.PushSubscriptions.Where(s => subscriptionIds.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }
}

internal static partial class PushLog
{
    [LoggerMessage(LogLevel.Warning, "Pushing notifications to user {UserId} failed")]
    public static partial void PushRoundFailed(this ILogger logger, Exception exception, long userId);

    [LoggerMessage(LogLevel.Information, "A push service did not take a push for user {UserId}; it is dropped")]
    public static partial void PushFailed(this ILogger logger, Exception exception, long userId);
}

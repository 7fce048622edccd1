using LetsChat.Components.Shared;

namespace LetsChat.Components.Notifications;

/// <summary>A browser's push subscription as its <c>PushSubscription.toJSON()</c> gives it.</summary>
public sealed record PushSubscriptionInfo(string Endpoint, string P256dh, string Auth);

/// <summary>The current user's devices that get Web Push when no tab of Let's Chat is open.</summary>
public interface IPushDevices
{
    /// <summary>The server's VAPID public key (base64url) for <c>pushManager.subscribe</c>; null when push is off on this server.</summary>
    Task<string?> GetPublicKeyAsync();

    Task<Outcome> SubscribeAsync(PushSubscriptionInfo subscription);

    Task<Outcome> UnsubscribeAsync(string endpoint);

    Task<bool> IsSubscribedAsync(string endpoint);
}

/// <summary>What a notification says on a device: the title (usually who), the rest, and the room it groups under.</summary>
public static class NotificationText
{
    /// <summary>"Bob: see you at six" becomes the title "Bob" and the body "see you at six".</summary>
    public static (string Title, string Body) Split(NotificationView notification) =>
        notification.Text.StartsWith(notification.ActorName, StringComparison.Ordinal) && notification.Text.IndexOf(": ", notification.ActorName.Length, StringComparison.Ordinal) is var colon and >= 0
            ? (notification.Text[..colon], notification.Text[(colon + 2)..])
            : ("Let's Chat", notification.Text);

    /// <summary>One notification per conversation on a device: a newer one from the same room replaces the last.</summary>
    public static string Tag(string link) =>
        link.StartsWith("/chat/", StringComparison.Ordinal) ? "room:" + link["/chat/".Length..].Split('/')[0] : "letschat:" + link;
}

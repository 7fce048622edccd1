namespace LetsChat.Server.Notifications.Push;

/// <summary>
/// One browser's Web Push subscription (a device): where its push service takes messages and the keys that encrypt
/// them for it alone. Signing that device out, or the push service saying it is gone (404, 410), removes it.
/// </summary>
public sealed class PushSubscription
{
    public long Id { get; set; }
    public long UserId { get; set; }
    /// <summary>The sign-in session that subscribed, so that signing the device out ends its pushes too.</summary>
    public string? SessionId { get; set; }
    public required string Endpoint { get; set; }
    /// <summary>The browser's P-256 public key (base64url), from the subscription's <c>keys.p256dh</c>.</summary>
    public required string P256dh { get; set; }
    /// <summary>The 16-byte authentication secret (base64url), from <c>keys.auth</c>.</summary>
    public required string Auth { get; set; }
    /// <summary>What the device is called in the list of devices, from its user agent.</summary>
    public string? DeviceName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastPushedAt { get; set; }
}

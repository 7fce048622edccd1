namespace LetsChat.Server.Notifications.Push;

/// <summary>The <c>LetsChat:Push</c> section: Web Push to devices with no tab of Let's Chat open.</summary>
public sealed class PushOptions
{
    public const string Section = "LetsChat:Push";

    /// <summary>Off: no keys are made, no device can subscribe and nothing is pushed (the bell and desktop notifications still work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The VAPID public key (base64url, uncompressed P-256); with <see cref="PrivateKey"/>, used instead of the pair the server makes and keeps in its database.</summary>
    public string? PublicKey { get; set; }

    public string? PrivateKey { get; set; }

    /// <summary>Who push services may contact about this sender: <c>mailto:</c> or <c>https:</c>; defaults to <c>LetsChat:PublicUrl</c>.</summary>
    public string? Subject { get; set; }

    /// <summary>How long after a first notification its push waits for more, so a burst makes one.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Endpoints over plain http (the tests' push service on loopback); never in production, where browsers give https ones.</summary>
    public bool AllowInsecureEndpoints { get; set; }
}

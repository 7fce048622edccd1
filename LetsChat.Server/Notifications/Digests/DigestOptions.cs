namespace LetsChat.Server.Notifications.Digests;

/// <summary>The <c>LetsChat:Digests</c> section: e-mail about what was left unread (needs <c>Smtp:Host</c> and <c>LetsChat:PublicUrl</c>).</summary>
public sealed class DigestOptions
{
    public const string Section = "LetsChat:Digests";

    /// <summary>How long a conversation must have been quiet, and unread, before it is mailed.</summary>
    public TimeSpan QuietFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often each instance looks for what to mail.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}

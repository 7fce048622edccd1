namespace LetsChat.Server.Identity;

/// <summary>The <c>Smtp</c> section: where reset and confirmation mail goes out. Without a host, nobody is mailed.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>STARTTLS when the server offers it (<c>Auto</c>), always (<c>StartTls</c>), TLS from the start (<c>SslOnConnect</c>) or never (<c>None</c>).</summary>
    public string Security { get; set; } = "Auto";
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender, for example <c>Let's Chat &lt;chat@example.com&gt;</c>.</summary>
    public string From { get; set; } = "Let's Chat <noreply@localhost>";
    /// <summary>How long one mail may take, connecting included, before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LetsChat.Server.Identity;

/// <summary>
/// The mail Let's Chat sends: reset links and e-mail confirmations (composed here) and digests (composed by the
/// notifications), over the SMTP server in <see cref="SmtpOptions"/>.
/// </summary>
public sealed partial class AccountMail(IOptionsMonitor<SmtpOptions> options, ILogger<AccountMail> logger)
{
    public bool IsConfigured => options.CurrentValue.IsConfigured;

    public Task SendResetAsync(string email, string displayName, string link, CancellationToken cancellationToken = default) =>
        SendAsync(
            email,
            displayName,
            "Reset your Let's Chat password",
            [$"Hello {displayName},", "Someone (we hope you) asked to reset the password of your Let's Chat account. Open this link to choose a new one:"],
            link,
            "The link works once and expires in an hour. If you did not ask, ignore this mail: your password stays as it is.",
            cancellationToken);

    public Task SendConfirmationAsync(string email, string displayName, string link, CancellationToken cancellationToken = default) =>
        SendAsync(
            email,
            displayName,
            "Confirm your e-mail address for Let's Chat",
            [$"Hello {displayName},", "Open this link to confirm that this address is yours:"],
            link,
            "The link works once and expires in a day. If you did not sign up for Let's Chat, ignore this mail.",
            cancellationToken);

    private async Task SendAsync(string email, string displayName, string subject, string[] lines, string link, string footer, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(Sender);
        message.To.Add(new MailboxAddress(displayName, email));
        message.Subject = subject;
        var html = string.Concat(lines.Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>"))
            + $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(link)}</a></p>"
            + $"<p>{WebUtility.HtmlEncode(footer)}</p>";
        message.Body = new BodyBuilder
        {
            TextBody = string.Join("\n\n", [.. lines, link, footer]) + "\n",
            HtmlBody = $"<!DOCTYPE html><html><body>{html}</body></html>",
        }.ToMessageBody();

        await DeliverAsync(message, cancellationToken);
    }

    /// <summary>The sender every mail shows (<c>Smtp:From</c>).</summary>
    public MailboxAddress Sender => MailboxAddress.Parse(options.CurrentValue.From);

    /// <summary>Sends a mail composed elsewhere; throws when the SMTP server cannot be reached, refuses it or takes longer than <see cref="SmtpOptions.Timeout"/> (an <see cref="OperationCanceledException"/>).</summary>
    public async Task DeliverAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        var smtp = options.CurrentValue;
        var host = smtp.Host ?? throw new InvalidOperationException("Smtp:Host is not set; callers check IsConfigured first.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(smtp.Timeout);
        using var client = new SmtpClient();
        await client.ConnectAsync(host, smtp.Port, Security(smtp.Security), timeout.Token);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? string.Empty, timeout.Token);
        }

        await client.SendAsync(message, timeout.Token);
        await client.DisconnectAsync(quit: true, timeout.Token);
        Log.Sent(logger, message.Subject ?? string.Empty);
    }

    private static SecureSocketOptions Security(string? security) => security?.Trim().ToUpperInvariant() switch
    {
        "STARTTLS" => SecureSocketOptions.StartTls,
        "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
        "NONE" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Sent mail \"{Subject}\"")]
        public static partial void Sent(ILogger logger, string subject);
    }
}

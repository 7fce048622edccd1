using System.Globalization;
using System.Net;
using LetsChat.Components.Notifications;
using LetsChat.Server.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LetsChat.Server.Notifications.Digests;

/// <summary>
/// Writes a digest: who wrote, what, and a link to each conversation; with a one-click unsubscribe link (RFC 8058) whose
/// token names the person and nothing else, signed by the site's data protection keys so it cannot be forged.
/// </summary>
public sealed class DigestMail(AccountMail mail, IDataProtectionProvider protection, IOptionsMonitor<LetsChatOptions> site)
{
    private const string Purpose = "LetsChat.Digests.Unsubscribe";

    public MimeMessage For(long userId, string email, string displayName, IReadOnlyList<NotificationView> items)
    {
        var baseUrl = (site.CurrentValue.PublicUrl ?? string.Empty).TrimEnd('/');
        var unsubscribe = $"{baseUrl}/unsubscribe/digests?token={Uri.EscapeDataString(TokenFor(userId))}";
        var message = new MimeMessage();
        message.From.Add(mail.Sender);
        message.To.Add(new MailboxAddress(displayName, email));
        message.Subject = Subject(items);
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        var intro = $"Hello {displayName}, this is waiting for you on Let's Chat:";
        var footer = "You get this because these were left unread for a while. Turn these e-mails off:";
        var text = string.Join("\n\n", [intro, .. items.Select(i => $"{i.Text}\n{baseUrl}{i.Link}"), $"{footer} {unsubscribe}"]) + "\n";
        var html = $"<p>{Encode(intro)}</p><ul>"
            + string.Concat(items.Select(i => $"<li><p>{Encode(i.Text)}<br><a href=\"{Encode(baseUrl + i.Link)}\">Open the conversation</a></p></li>"))
            + $"</ul><p style=\"color:#6b7280\">{Encode(footer)} <a href=\"{Encode(unsubscribe)}\">unsubscribe</a>.</p>";
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = $"<!DOCTYPE html><html><body>{html}</body></html>" }.ToMessageBody();
        return message;
    }

    public string TokenFor(long userId) => protection.CreateProtector(Purpose).Protect(userId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The person a token names, or null for a forged, tampered or foreign token.</summary>
    public long? UserOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            return long.TryParse(protection.CreateProtector(Purpose).Unprotect(token), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private static string Subject(IReadOnlyList<NotificationView> items)
    {
        if (items.Count > 1)
        {
            return $"{items.Count} unread conversations on Let's Chat";
        }

        var only = items[0];
        return only.Kind switch
        {
            NotificationKind.Mention => $"{only.ActorName} mentioned you on Let's Chat",
            NotificationKind.Report or NotificationKind.RoomReport => "Something to review on Let's Chat",
            _ => $"{only.ActorName} sent you a message on Let's Chat",
        };
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}

using LetsChat.Components.Shared;

namespace LetsChat.Components.Notifications;

/// <param name="On">The person wants the e-mails.</param>
/// <param name="HasConfirmedEmail">They have an address confirmed as theirs (the only kind mailed).</param>
/// <param name="SiteSendsMail">The site is set up to send them at all.</param>
/// <param name="QuietFor">How long a conversation is left unread before it is mailed.</param>
public sealed record EmailDigestSetting(bool On, bool HasConfirmedEmail, bool SiteSendsMail, TimeSpan QuietFor);

/// <summary>The current user's e-mails about unread private messages and mentions.</summary>
public interface IEmailDigestSettings
{
    Task<EmailDigestSetting?> GetAsync(CancellationToken cancellationToken = default);

    Task<Outcome> SetAsync(bool on);
}

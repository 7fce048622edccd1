using System.Net;
using LetsChat.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Notifications.Digests;

/// <summary>
/// <c>/unsubscribe/digests?token=…</c>: the mail's link opens a page with one button (a GET changes nothing, as mail
/// scanners follow links); a POST, from that button or a mail client's one-click (RFC 8058), turns digests off. The
/// token is the proof, so no sign-in or antiforgery token is asked for.
/// </summary>
internal static class DigestUnsubscribe
{
    public const string Path = "/unsubscribe/digests";

    private const string BrokenTitle = "That link does not work";
    private const string BrokenText = "It may have been cut short. Open it again from the e-mail, or turn these e-mails off on your profile page.";

    public static IEndpointRouteBuilder MapLetsChatDigests(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Ask).AllowAnonymous();
        app.MapPost(Path, UnsubscribeAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static ContentHttpResult Ask(string? token, DigestMail mail) => mail.UserOf(token) is null
        ? Page(StatusCodes.Status400BadRequest, BrokenTitle, BrokenText, null)
        : Page(StatusCodes.Status200OK, "Stop e-mails about unread messages?", "Let's Chat will stop e-mailing you about private messages and mentions you left unread. You can turn them on again on your profile page.", token);

    private static async Task<ContentHttpResult> UnsubscribeAsync(string? token, DigestMail mail, IDbContextFactory<LetsChatDb> dbFactory, CancellationToken cancellationToken)
    {
        if (mail.UserOf(token) is not { } userId)
        {
            return Page(StatusCodes.Status400BadRequest, BrokenTitle, BrokenText, null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailDigests, false), cancellationToken);
        return Page(StatusCodes.Status200OK, "You are unsubscribed", "No more e-mails about unread messages. You can turn them on again on your profile page.", null);
    }

    /// <summary>A standalone page in the error page's look; with a token, the form whose button unsubscribes.</summary>
    private static ContentHttpResult Page(int status, string title, string text, string? token)
    {
        var form = token is null ? string.Empty
            : $"<form method=\"post\" action=\"{Path}?token={WebUtility.HtmlEncode(Uri.EscapeDataString(token))}\"><button type=\"submit\">Unsubscribe</button></form>";
        return TypedResults.Content(StandalonePage.Html(title, text, "/me", "Your profile", extraHtml: form), "text/html; charset=utf-8", statusCode: status);
    }
}

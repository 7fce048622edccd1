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
        return TypedResults.Content($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(title)}} · Let's Chat</title>
            <style>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#111827;display:flex;justify-content:center;padding:12vh 16px}
            main{max-width:460px;background:#fff;border-radius:16px;padding:28px;box-shadow:0 10px 30px rgba(49,46,129,.08)}a{color:#4f46e5}
            button{font:inherit;background:#4f46e5;color:#fff;border:0;border-radius:8px;padding:8px 16px;cursor:pointer}</style>
            </head><body><main><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(text)}}</p>{{form}}
            <p><a href="/me">Your profile</a></p></main></body></html>
            """, "text/html; charset=utf-8", statusCode: status);
    }
}

using System.Net;

namespace LetsChat.Server;

/// <summary>
/// A plain page of the site's look, written without components: for what must show when components, the database or a
/// form post failed (<see cref="ErrorPage"/>), or where no circuit is wanted (the unsubscribe link of a digest).
/// </summary>
internal static class StandalonePage
{
    /// <param name="role">The main region's role (<c>alert</c> for an error), or null.</param>
    /// <param name="extraHtml">Markup placed after the text (a form), already safe.</param>
    public static string Html(string title, string text, string backLink, string backText, string? role = null, string extraHtml = "") => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}} · Let's Chat</title>
        <style>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#111827;display:flex;justify-content:center;padding:12vh 16px}
        main{max-width:460px;background:#fff;border-radius:16px;padding:28px;box-shadow:0 10px 30px rgba(49,46,129,.08)}a{color:#4f46e5}
        button{font:inherit;background:#4f46e5;color:#fff;border:0;border-radius:8px;padding:8px 16px;cursor:pointer}</style>
        </head><body><main{{(role is null ? "" : $" role=\"{role}\"")}}><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(text)}}</p>{{extraHtml}}
        <p><a href="{{backLink}}">{{WebUtility.HtmlEncode(backText)}}</a></p></main></body></html>
        """;
}

using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;

namespace LetsChat.Server;

/// <summary>
/// What a person sees when a request fails: a plain page written here, not a component, so that it still shows when
/// components, the database or a form post are what failed.
/// </summary>
internal static class ErrorPage
{
    public static ExceptionHandlerOptions Options => new()
    {
        ExceptionHandler = WriteAsync,
        // A bad request (a missing antiforgery token, a malformed form) is the client's fault, not an outage.
        StatusCodeSelector = ex => ex switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            AntiforgeryValidationException => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status500InternalServerError,
        },
    };

    /// <summary>For responses that end with an error status and no body: 404s of unknown paths, refused forms.</summary>
    public static Task WriteStatusPageAsync(StatusCodeContext context) => WriteAsync(context.HttpContext);

    private static Task WriteAsync(HttpContext context)
    {
        var (title, text) = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("Nothing here", "The page you asked for does not exist, or you may not see it."),
            StatusCodes.Status403Forbidden => ("Not for you", "You do not have access to this page."),
            >= 400 and < 500 => ("That did not work", "The page you came from may have expired. Go back, reload it, and try again."),
            _ => ("Something went wrong", "We could not show this page just now. Nothing you sent has been lost; please try again in a moment."),
        };
        if (context.Features.Get<IExceptionHandlerFeature>()?.Error is { } error && context.Response.StatusCode >= 500)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorPage)).RequestFailed(error, context.Request.Path);
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(StandalonePage.Html(title, text, "/chat", "Back to the chat", role: "alert"));
    }
}

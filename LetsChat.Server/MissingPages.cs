using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Profiles;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server;

/// <summary>
/// A page whose subject the signed-in reader cannot have (a room that does not exist or that they may not read, a
/// handle nobody has or that is hidden from them) answers 404 on a full page load, so browsers, crawlers and link
/// checkers hear what the page itself says. The body is the app's own page, unchanged. A room one may not read is
/// answered exactly as one that does not exist.
/// </summary>
internal static class MissingPages
{
    public static IApplicationBuilder UseMissingPageStatus(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsGet(context.Request.Method)
            && LetsChatClaims.UserId(context.User) is { } reader
            && await IsMissingAsync(context, reader))
        {
            // Set as the headers go out: the page renders as it always does (Blazor's endpoint leaves a response that
            // is already 404 empty, and the plain status page would replace the app's own words and layout).
            context.Response.OnStarting(() =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }

        await next(context);
    });

    private static async Task<bool> IsMissingAsync(HttpContext context, long reader)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Trim('/').Split('/');
        var cancellationToken = context.RequestAborted;
        switch (segments)
        {
            case ["chat", var room, ..] when segments.Length is 2 or 4 && long.TryParse(room, out var roomId):
                return !await context.RequestServices.GetRequiredService<RoomAccess>().CanReadAsync(reader, roomId, cancellationToken);
            case ["u", var handle, ..] when segments.Length == 2 || (segments.Length == 3 && segments[2] == "friends"):
                await using (var db = await context.RequestServices.GetRequiredService<IDbContextFactory<LetsChatDb>>().CreateDbContextAsync(cancellationToken))
                {
                    return !await ProfileService.IsShownAsync(db, reader, Uri.UnescapeDataString(handle), friendList: segments.Length == 3, cancellationToken);
                }

            default:
                return false;
        }
    }
}

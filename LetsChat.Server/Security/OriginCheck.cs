namespace LetsChat.Server.Security;

/// <summary>
/// Refuses the Blazor hub (<c>/_blazor</c>) to pages of other sites: without this, a page elsewhere could open a
/// circuit with the visitor's cookie (cross-site WebSocket hijacking). Allowed: this site's own origin and the
/// origins in <c>LetsChat:AllowedOrigins</c>. Requests without an Origin header come from no browser page and
/// carry no victim's cookie, so they pass.
/// </summary>
internal static class OriginCheck
{
    public static IApplicationBuilder UseLetsChatOriginCheck(this IApplicationBuilder app, IConfiguration configuration)
    {
        var allowed = (configuration.GetSection("LetsChat:AllowedOrigins").Get<string[]>() ?? [])
            .Select(o => o.TrimEnd('/'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/_blazor")
                && context.Request.Headers.Origin is { Count: > 0 } origin
                && !IsAllowed(origin.ToString(), context.Request, allowed))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    internal static bool IsAllowed(string origin, HttpRequest request, IReadOnlySet<string> allowed) =>
        allowed.Contains(origin.TrimEnd('/'))
        || string.Equals(origin.TrimEnd('/'), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
}

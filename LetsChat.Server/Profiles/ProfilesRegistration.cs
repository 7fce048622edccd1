using LetsChat.Components.Identity;
using LetsChat.Components.Profiles;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace LetsChat.Server.Profiles;

public static class ProfilesRegistration
{
    public static IHostApplicationBuilder AddLetsChatProfiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IProfileService, ProfileService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLetsChatProfiles(this IEndpointRouteBuilder endpoints)
    {
        // Content-addressed: a picture at a URL never changes, so browsers and proxies may keep it for a year.
        endpoints.MapGet("/avatars/{file}", async (string file, IDbContextFactory<LetsChatDb> dbFactory, HttpContext context) =>
        {
            var hash = file.EndsWith(".webp", StringComparison.Ordinal) ? file[..^5] : null;
            if (!AvatarImages.IsHash(hash))
            {
                return Results.NotFound();
            }

            if (context.Request.Headers.IfNoneMatch.ToString().Contains(hash!, StringComparison.Ordinal))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            await using var db = await dbFactory.CreateDbContextAsync(context.RequestAborted);
            var content = await db.Avatars.Where(a => a.Hash == hash).Select(a => a.Content).SingleOrDefaultAsync(context.RequestAborted);
            if (content is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
            return Results.File(content, "image/webp", entityTag: new EntityTagHeaderValue($"\"{hash}\""));
        }).AllowAnonymous();

        // After a change the edit page passes through here with a full page load, so that the page and its new circuit
        // start from the claims the cookie check rewrites from the database on every request.
        endpoints.MapGet("/me/refresh", (string? returnUrl) => Results.LocalRedirect(ReturnUrls.Local(returnUrl)));
        return endpoints;
    }
}

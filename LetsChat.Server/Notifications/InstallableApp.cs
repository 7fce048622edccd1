using System.Collections.Concurrent;
using SkiaSharp;

namespace LetsChat.Server.Notifications;

/// <summary>
/// What makes the site installable as an app and able to receive notifications with no tab open: the web app manifest,
/// its icons (drawn from the favicon's shapes, once per size) and the service worker, served from the site's root so
/// that its scope is the whole site.
/// </summary>
internal static class InstallableApp
{
    public const string ThemeColor = "#4F46E5";
    public const string BackgroundColor = "#F7F7FB";
    public static readonly int[] IconSizes = [192, 512];

    // The favicon's speech bubble (wwwroot/favicon.svg), on a 64-unit square.
    private const string Bubble = "M16 18h32a6 6 0 0 1 6 6v14a6 6 0 0 1-6 6H30l-10 8v-8h-4a6 6 0 0 1-6-6V24a6 6 0 0 1 6-6z";

    private static readonly ConcurrentDictionary<(int Size, bool Maskable), byte[]> Icons = new();

    public static IEndpointRouteBuilder MapLetsChatInstallableApp(this IEndpointRouteBuilder app)
    {
        app.MapGet("/manifest.webmanifest", WriteManifest).AllowAnonymous();
        app.MapGet("/icons/app-{size:int}.png", (int size) => Icon(size, maskable: false)).AllowAnonymous();
        app.MapGet("/icons/app-maskable-{size:int}.png", (int size) => Icon(size, maskable: true)).AllowAnonymous();
        app.MapGet("/sw.js", WriteServiceWorker).AllowAnonymous();
        return app;
    }

    private static IResult WriteManifest()
    {
        var icons = IconSizes.SelectMany(size => new[]
        {
            new { src = $"/icons/app-{size}.png", sizes = $"{size}x{size}", type = "image/png", purpose = "any" },
            new { src = $"/icons/app-maskable-{size}.png", sizes = $"{size}x{size}", type = "image/png", purpose = "maskable" },
        });
        var manifest = new
        {
            id = "/",
            name = "Let's Chat",
            short_name = "Let's Chat",
            description = "Chat with friends, in groups and in the public room.",
            start_url = "/chat",
            scope = "/",
            display = "standalone",
            background_color = BackgroundColor,
            theme_color = ThemeColor,
            icons,
        };
        return Results.Json(manifest, contentType: "application/manifest+json");
    }

    private static IResult WriteServiceWorker(HttpContext http)
    {
        // A new worker is picked up on the next visit, never held back by a cache.
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Text(ServiceWorkerScript.Source, "text/javascript");
    }

    private static IResult Icon(int size, bool maskable) =>
        IconSizes.Contains(size)
            ? Results.File(Icons.GetOrAdd((size, maskable), key => Draw(key.Size, key.Maskable)), "image/png")
            : Results.NotFound();

    // Maskable icons are cropped to a circle by some systems: full-bleed colour, the bubble inside the middle 80 %.
    private static byte[] Draw(int size, bool maskable)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        using var fill = new SKPaint { Color = SKColor.Parse(ThemeColor), IsAntialias = true };
        var unit = size / 64f;
        if (maskable)
        {
            canvas.DrawRect(0, 0, size, size, fill);
            canvas.Translate(size * 0.1f, size * 0.1f);
            unit *= 0.8f;
        }
        else
        {
            canvas.DrawRoundRect(0, 0, size, size, 14 * unit, 14 * unit, fill);
        }

        canvas.Scale(unit);
        using var bubble = SKPath.ParseSvgPathData(Bubble);
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawPath(bubble, white);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}

using System.Net;
using System.Text.Json;
using LetsChat.Tests.Support;
using SkiaSharp;

namespace LetsChat.Tests.Notifications;

/// <summary>The web app manifest, its icons and the service worker, as a browser installing the site fetches them.</summary>
public sealed class InstallableAppTests : IAsyncLifetime
{
    private readonly LetsChatApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_manifest_names_the_app_and_every_icon_it_lists_is_a_png_of_that_size()
    {
        using var client = _app.CreateBrowserLikeClient();

        using var response = await client.GetAsync("/manifest.webmanifest");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/manifest+json");
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = manifest.RootElement;
        root.GetProperty("name").GetString().ShouldBe("Let's Chat");
        root.GetProperty("start_url").GetString().ShouldBe("/chat");
        root.GetProperty("display").GetString().ShouldBe("standalone");
        root.GetProperty("theme_color").GetString().ShouldBe("#4F46E5");
        var icons = root.GetProperty("icons").EnumerateArray().ToList();
        icons.Select(i => (i.GetProperty("sizes").GetString(), i.GetProperty("purpose").GetString()))
            .ShouldBe([("192x192", "any"), ("192x192", "maskable"), ("512x512", "any"), ("512x512", "maskable")], ignoreOrder: true);
        foreach (var icon in icons)
        {
            var bytes = await client.GetByteArrayAsync(icon.GetProperty("src").GetString());
            using var bitmap = SKBitmap.Decode(bytes);
            var side = int.Parse(icon.GetProperty("sizes").GetString()!.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
            (bitmap.Width, bitmap.Height).ShouldBe((side, side));
            // The middle of the bubble is white; a maskable icon's corner is the theme colour, an "any" icon's is clear.
            bitmap.GetPixel(side / 2, side / 2).ShouldBe(SKColors.White);
            bitmap.GetPixel(1, 1).Alpha.ShouldBe(icon.GetProperty("purpose").GetString() == "maskable" ? (byte)255 : (byte)0);
        }

        (await client.GetAsync("/icons/app-64.png")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_service_worker_is_served_from_the_root_as_javascript_never_from_a_cache()
    {
        using var client = _app.CreateBrowserLikeClient();

        using var response = await client.GetAsync("/sw.js");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/javascript");
        response.Headers.CacheControl?.NoCache.ShouldBeTrue();
        (await response.Content.ReadAsStringAsync()).ShouldContain("self.addEventListener(\"install\"");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using LetsChat.Server.Security;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Security;

public sealed class HttpSecurityTests : IAsyncLifetime
{
    private readonly LetsChatApp _app = new(new Dictionary<string, string?> { ["LetsChat:AllowedOrigins:0"] = "https://chat.example.com" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("https://evil.example.com", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("https://chat.example.com", HttpStatusCode.OK)]
    public async Task The_blazor_handshake_is_refused_to_foreign_origins(string origin, HttpStatusCode expected)
    {
        using var browser = _app.CreateBrowserLikeClient();
        await DevSignInClient.SignInAsync(browser, "Victim");
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", origin);

        var response = await browser.SendAsync(negotiate);

        response.StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task The_circuits_websocket_declines_the_compression_a_browser_offers()
    {
        var origin = _app.ServerAddress.GetLeftPart(UriPartial.Authority);
        using var browser = _app.CreateBrowserLikeClient();
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", origin);
        using var negotiated = await browser.SendAsync(negotiate);
        var token = (await negotiated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        socket.Options.CollectHttpResponseDetails = true;

        await socket.ConnectAsync(new Uri($"ws://{_app.ServerAddress.Authority}/_blazor?id={Uri.EscapeDataString(token!)}"), TestContext.Current.CancellationToken);

        socket.HttpStatusCode.ShouldBe(HttpStatusCode.SwitchingProtocols);
        socket.HttpResponseHeaders.ShouldNotBeNull().Keys.ShouldNotContain("Sec-WebSocket-Extensions", StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_blazor_handshake_from_the_sites_own_origin_is_accepted()
    {
        using var browser = _app.CreateBrowserLikeClient();
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", _app.ServerAddress.GetLeftPart(UriPartial.Authority));

        (await browser.SendAsync(negotiate)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_page_carries_the_security_headers()
    {
        using var browser = _app.CreateBrowserLikeClient();

        var response = await browser.GetAsync("/");

        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(SecurityHeaders.ContentSecurityPolicy);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
    }

    [Fact]
    public async Task The_auth_cookie_is_http_only_and_same_site()
    {
        using var browser = _app.CreateBrowserLikeClient();

        var signIn = await DevSignInClient.SignInAsync(browser, "Cookie Monster");

        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("letschat.auth=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
    }
}

using System.Net;
using System.Text.RegularExpressions;

namespace LetsChat.Benchmarks.Load;

/// <summary>
/// One simulated person: a cookie jar, signed in through the real development sign-in form (antiforgery token and
/// all), as a browser would.
/// </summary>
public sealed partial class SimulatedUser : IDisposable
{
    private readonly HttpClient _http;

    private SimulatedUser(Uri server, string displayName)
    {
        LoopbackOnly(server);
        Server = server;
        DisplayName = displayName;
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(60),
        };
        // What letschat.js records on the first page a browser loads (the sign-in page), so a real tab's first
        // render already knows the reader's time zone and theme.
        Cookies.Add(server, new Cookie("lc-tz", "UTC"));
        Cookies.Add(server, new Cookie("lc-theme", "light"));
    }

    public Uri Server { get; }

    public string DisplayName { get; }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http => _http;

    /// <summary>A visitor who has not signed in (for pages that need no sign-in).</summary>
    public static SimulatedUser Anonymous(Uri server) => new(server, string.Empty);

    public static async Task<SimulatedUser> SignInAsync(Uri server, string displayName, CancellationToken cancellationToken)
    {
        var user = new SimulatedUser(server, displayName);
        try
        {
            var form = await user._http.GetStringAsync("/signin/dev", cancellationToken);
            var token = AntiforgeryToken().Match(form);
            if (!token.Success)
            {
                throw new InvalidOperationException("The sign-in page has no antiforgery token.");
            }

            using var post = await user._http.PostAsync("/signin/dev", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
                ["_handler"] = "dev-signin",
                ["Input.DisplayName"] = displayName,
                ["Input.ReturnUrl"] = "/chat",
            }), cancellationToken);
            if (post.StatusCode != HttpStatusCode.Redirect && post.StatusCode != HttpStatusCode.SeeOther)
            {
                throw new InvalidOperationException($"Signing in {displayName} answered {(int)post.StatusCode}.");
            }

            return user;
        }
        catch
        {
            user.Dispose();
            throw;
        }
    }

    /// <summary>The load client talks to this machine only.</summary>
    public static void LoopbackOnly(Uri server)
    {
        if (!IPAddress.TryParse(server.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"The load client only talks to 127.0.0.1, not {server.Host}.", nameof(server));
        }
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

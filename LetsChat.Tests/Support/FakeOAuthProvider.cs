using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LetsChat.Tests.Support;

/// <summary>
/// Google and GitHub as far as sign-in goes, on a loopback port: the authorize redirect, the code exchange (with
/// PKCE checked), and the profile endpoints, with the response shapes of the real providers. The real ones cannot be
/// reached from these machines.
/// </summary>
public sealed class FakeOAuthProvider : IAsyncDisposable
{
    public const string ClientId = "test-client";
    public const string ClientSecret = "test-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new();
    private readonly ConcurrentDictionary<string, FakeAccount> _tokens = new();

    private FakeOAuthProvider(WebApplication app) => _app = app;

    /// <summary>The person who "consents" at the next authorize request.</summary>
    public FakeAccount NextAccount { get; set; } = new("1001", "octocat", "The Octocat", "octocat@example.com", "https://avatars.example.com/octocat.png", EmailPublic: false);

    /// <summary>Every code exchange the provider accepted, to prove PKCE was used.</summary>
    public ConcurrentQueue<string> RedeemedCodes { get; } = new();

    public Uri Address { get; private set; } = default!;

    public static async Task<FakeOAuthProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new FakeOAuthProvider(app);
        provider.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        provider.Address = new Uri(address);
        return provider;
    }

    public Dictionary<string, string?> GitHubSettings() => new()
    {
        ["Authentication:GitHub:ClientId"] = ClientId,
        ["Authentication:GitHub:ClientSecret"] = ClientSecret,
        ["Authentication:GitHub:AuthorizationEndpoint"] = new Uri(Address, "/login/oauth/authorize").ToString(),
        ["Authentication:GitHub:TokenEndpoint"] = new Uri(Address, "/login/oauth/access_token").ToString(),
        ["Authentication:GitHub:UserInformationEndpoint"] = new Uri(Address, "/user").ToString(),
        ["Authentication:GitHub:EmailsEndpoint"] = new Uri(Address, "/user/emails").ToString(),
    };

    public Dictionary<string, string?> GoogleSettings() => new()
    {
        ["Authentication:Google:ClientId"] = ClientId,
        ["Authentication:Google:ClientSecret"] = ClientSecret,
        ["Authentication:Google:AuthorizationEndpoint"] = new Uri(Address, "/o/oauth2/v2/auth").ToString(),
        ["Authentication:Google:TokenEndpoint"] = new Uri(Address, "/token").ToString(),
        ["Authentication:Google:UserInformationEndpoint"] = new Uri(Address, "/oauth2/v3/userinfo").ToString(),
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        // Both providers' authorize pages: the user consents at once and is sent back with a code and the state.
        IResult Authorize(HttpRequest request)
        {
            var query = request.Query;
            if (query["client_id"] != ClientId || query["response_type"] != "code" || string.IsNullOrEmpty(query["state"])
                || string.IsNullOrEmpty(query["code_challenge"]) || query["code_challenge_method"] != "S256")
            {
                return Results.BadRequest("bad authorize request");
            }

            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = new IssuedCode(query["redirect_uri"]!, query["code_challenge"]!, NextAccount);
            return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = query["state"] }));
        }

        async Task<IResult> Token(HttpRequest request)
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["grant_type"] != "authorization_code")
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            // A code is good once, for the redirect URI it was issued to, and only with the verifier behind its challenge.
            if (!_codes.TryRemove(form["code"].ToString(), out var issued) || issued.RedirectUri != form["redirect_uri"]
                || issued.CodeChallenge != Challenge(form["code_verifier"].ToString()))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _tokens[token] = issued.Account;
            RedeemedCodes.Enqueue(form["code"].ToString());
            return Results.Json(new { access_token = token, token_type = "bearer", scope = "read:user,user:email", expires_in = 3600 });
        }

        FakeAccount? Bearer(HttpRequest request) =>
            request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && _tokens.TryGetValue(header["Bearer ".Length..], out var account) ? account : null;

        app.MapGet("/login/oauth/authorize", Authorize);
        app.MapGet("/o/oauth2/v2/auth", Authorize);
        app.MapPost("/login/oauth/access_token", Token);
        app.MapPost("/token", Token);

        app.MapGet("/user", (HttpRequest request) =>
        {
            if (string.IsNullOrEmpty(request.Headers.UserAgent))
            {
                return Results.StatusCode(403); // as GitHub does
            }

            return Bearer(request) is not { } a
                ? Results.Unauthorized()
                : Results.Json(new { id = long.Parse(a.Subject, System.Globalization.CultureInfo.InvariantCulture), login = a.Login, name = a.Name, email = a.EmailPublic ? a.Email : null, avatar_url = a.Picture });
        });
        app.MapGet("/user/emails", (HttpRequest request) => Bearer(request) is not { } a
            ? Results.Unauthorized()
            : Results.Json(new object[]
            {
                new { email = "old@example.com", primary = false, verified = true, visibility = (string?)null },
                new { email = a.Email, primary = true, verified = true, visibility = "private" },
            }));
        app.MapGet("/oauth2/v3/userinfo", (HttpRequest request) => Bearer(request) is not { } a
            ? Results.Unauthorized()
            : Results.Json(new { sub = a.Subject, name = a.Name, given_name = a.Name.Split(' ')[0], family_name = a.Name.Split(' ')[^1], picture = a.Picture, email = a.Email, email_verified = true }));
    }

    private static string Challenge(string verifier) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private sealed record IssuedCode(string RedirectUri, string CodeChallenge, FakeAccount Account);
}

public sealed record FakeAccount(string Subject, string Login, string Name, string Email, string Picture, bool EmailPublic);

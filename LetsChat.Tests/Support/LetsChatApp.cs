using System.Security.Claims;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Support;

/// <summary>
/// The real Let's Chat host, on Kestrel on a loopback port, with a database of its own: a fresh SQLite file by
/// default, or a fresh PostgreSQL database when one is given.
/// </summary>
public sealed class LetsChatApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string? _sqliteFile;
    private readonly string _environment;

    /// <param name="sqliteFile">A database file to use (and keep) instead of a fresh one, to restart a server on the same data.</param>
    public LetsChatApp(IDictionary<string, string?>? settings = null, string? postgresConnectionString = null, string environment = "Production", string? sqliteFile = null)
    {
        _environment = environment;
        // Tests of other features send and search far faster than a person; the limits have tests of their own.
        _settings = new Dictionary<string, string?>
        {
            ["LetsChat:RateLimits:MessageBurst"] = "100000",
            ["LetsChat:RateLimits:FriendRequestsPerHour"] = "100000",
            ["LetsChat:RateLimits:SearchBurst"] = "100000",
            ["LetsChat:RateLimits:EditsPerMinute"] = "100000",
            ["LetsChat:RateLimits:DeletesPerMinute"] = "100000",
            ["LetsChat:RateLimits:ProfileChangesPerHour"] = "100000",
            ["LetsChat:RateLimits:AvatarUploadsPerHour"] = "100000",
            ["LetsChat:RateLimits:RoomsCreatedPerHour"] = "100000",
            ["LetsChat:RateLimits:MemberChangesPerMinute"] = "100000",
            ["LetsChat:RateLimits:SignInsPerMinutePerAddress"] = "100000",
            // Most tests sign people in by name; the tests of the sign-in itself turn this off.
            ["LetsChat:DevelopmentSignIn"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (postgresConnectionString is not null)
        {
            _settings["ConnectionStrings:Postgres"] = postgresConnectionString;
        }
        else if (sqliteFile is not null)
        {
            _settings["ConnectionStrings:Sqlite"] = $"Data Source={sqliteFile}";
            _settings["ConnectionStrings:Postgres"] = string.Empty;
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), "letschat-tests", $"{Guid.NewGuid():N}.db");
            _settings["ConnectionStrings:Sqlite"] = $"Data Source={_sqliteFile}";
            _settings["ConnectionStrings:Postgres"] = string.Empty;
        }

        UseKestrel(0);
    }

    /// <summary>Replaces services after the app's own registrations (a fault injected between two real parts).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Where the running server listens, for example http://127.0.0.1:41234.</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        // Serve blazor.web.js, MudBlazor and our own assets from the build output, as a published app would.
        builder.UseStaticWebAssets();
        builder.UseSetting("urls", "http://127.0.0.1:0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (TestServices is { } replace)
        {
            builder.ConfigureTestServices(replace);
        }
    }

    /// <summary>A client of the real server that keeps cookies, like one browser.</summary>
    public HttpClient CreateBrowserLikeClient(bool followRedirects = false) => CreateBrowserLikeClient(new System.Net.CookieContainer(), followRedirects);

    /// <summary>A browser-like client whose cookies the test can read (and copy into another client).</summary>
    public HttpClient CreateBrowserLikeClient(System.Net.CookieContainer cookies, bool followRedirects = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, CookieContainer = cookies, UseCookies = true })
        {
            BaseAddress = ServerAddress,
        };

    /// <summary>A client that sends exactly the Cookie header it is given, as someone replaying a copied cookie would.</summary>
    public HttpClient CreateClientWithCookieHeader(string cookieHeader)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = ServerAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    /// <summary>Creates (or finds) a user through the same path the development sign-in takes.</summary>
    public async Task<User> CreateUserAsync(string displayName, string? email = null)
    {
        StartServer();
        var accounts = Services.GetRequiredService<UserAccounts>();
        var (user, refusal) = await accounts.SignInAsync(new ExternalIdentity("dev", displayName.ToUpperInvariant(), displayName, email, EmailVerified: email is not null, null, displayName));
        return user ?? throw new InvalidOperationException(refusal);
    }

    /// <summary>Starts a sign-in session for the user, as a sign-in would; its id goes in the principal of a circuit.</summary>
    public string StartSession(User user) =>
        Services.GetRequiredService<UserSessions>().StartAsync(user.Id, "test", null).GetAwaiter().GetResult();

    /// <summary>A service scope that acts as one circuit of <paramref name="user"/>, as Blazor Server would set it up.</summary>
    public CircuitScope OpenCircuit(User user) => OpenCircuit(LetsChatClaims.CreatePrincipal(user, StartSession(user)));

    public CircuitScope OpenCircuit(ClaimsPrincipal principal)
    {
        StartServer();
        var scope = Services.CreateAsyncScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return new CircuitScope(scope);
    }

    public async Task<LetsChatDb> CreateDbAsync()
    {
        StartServer();
        return await Services.GetRequiredService<IDbContextFactory<LetsChatDb>>().CreateDbContextAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqliteFile is not null)
        {
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}

/// <summary>One simulated circuit: a DI scope whose authentication state is a signed-in user.</summary>
public sealed class CircuitScope(AsyncServiceScope scope) : IAsyncDisposable
{
    public IServiceProvider Services => scope.ServiceProvider;

    public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}

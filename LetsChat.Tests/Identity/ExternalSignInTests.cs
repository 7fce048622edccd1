using System.Net;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Identity;

/// <summary>Google and GitHub sign-in, end to end against a fake provider with the real endpoints' shapes.</summary>
public sealed class ExternalSignInTests : IAsyncLifetime
{
    private FakeOAuthProvider _provider = default!;
    private LetsChatApp _app = default!;

    public async ValueTask InitializeAsync()
    {
        _provider = await FakeOAuthProvider.StartAsync();
        var settings = _provider.GitHubSettings();
        foreach (var (key, value) in _provider.GoogleSettings())
        {
            settings[key] = value;
        }

        settings["LetsChat:DevelopmentSignIn"] = "false";
        _app = new LetsChatApp(settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task GitHub_sign_in_follows_the_redirects_and_ends_signed_in_as_the_right_user()
    {
        _provider.NextAccount = new FakeAccount("583231", "octocat", "The Octocat", "octo@example.com", "https://avatars.example.com/u/583231", EmailPublic: false);
        using var browser = _app.CreateBrowserLikeClient(followRedirects: true);

        var landed = await browser.GetAsync("/signin/github?returnUrl=%2Fchat");

        landed.StatusCode.ShouldBe(HttpStatusCode.OK);
        landed.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/chat");
        _provider.RedeemedCodes.Count.ShouldBe(1);
        await using var db = await _app.CreateDbAsync();
        var user = await db.Users.Include(u => u.Logins).SingleAsync(u => u.Logins.Any(l => l.Provider == "github"));
        user.DisplayName.ShouldBe("The Octocat");
        user.Handle.ShouldBe("octocat");
        user.Email.ShouldBe("octo@example.com"); // from the e-mails endpoint, since the profile hides it
        user.ProviderAvatarUrl.ShouldBe("https://avatars.example.com/u/583231");
        user.Logins.Single().Subject.ShouldBe("583231");
    }

    [Fact]
    public async Task Google_sign_in_follows_the_redirects_and_ends_signed_in_as_the_right_user()
    {
        _provider.NextAccount = new FakeAccount("109876543210", "ada", "Ada Lovelace", "ada@example.com", "https://lh3.example.com/ada.jpg", EmailPublic: true);
        using var browser = _app.CreateBrowserLikeClient(followRedirects: true);

        var landed = await browser.GetAsync("/signin/google?returnUrl=%2Fchat");

        landed.StatusCode.ShouldBe(HttpStatusCode.OK);
        landed.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/chat");
        await using var db = await _app.CreateDbAsync();
        var user = await db.Users.SingleAsync(u => u.Logins.Any(l => l.Provider == "google" && l.Subject == "109876543210"));
        user.DisplayName.ShouldBe("Ada Lovelace");
        user.Email.ShouldBe("ada@example.com");
        user.ProviderAvatarUrl.ShouldBe("https://lh3.example.com/ada.jpg");
    }

    [Fact]
    public async Task Signing_in_again_with_the_same_provider_and_subject_finds_the_same_user()
    {
        _provider.NextAccount = new FakeAccount("42", "sam", "Sam", "sam@example.com", "https://avatars.example.com/42", EmailPublic: true);
        using (var first = _app.CreateBrowserLikeClient(followRedirects: true))
        {
            (await first.GetAsync("/signin/github")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        _provider.NextAccount = _provider.NextAccount with { Picture = "https://avatars.example.com/42-new" };
        using (var second = _app.CreateBrowserLikeClient(followRedirects: true))
        {
            (await second.GetAsync("/signin/github")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var db = await _app.CreateDbAsync();
        var users = await db.Users.Where(u => u.Logins.Any(l => l.Provider == "github" && l.Subject == "42")).ToListAsync();
        users.Count.ShouldBe(1);
        users[0].ProviderAvatarUrl.ShouldBe("https://avatars.example.com/42-new");
    }

    [Fact]
    public async Task A_callback_with_a_tampered_state_does_not_sign_anyone_in()
    {
        using var browser = _app.CreateBrowserLikeClient(followRedirects: false);
        var challenge = await browser.GetAsync("/signin/github");
        challenge.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = challenge.Headers.Location!;
        var consent = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync(authorize);
        var callback = consent.Headers.Location!.ToString();
        var tampered = System.Text.RegularExpressions.Regex.Replace(callback, "state=[^&]+", "state=forged");

        var result = await browser.GetAsync(tampered);

        result.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        result.RedirectPath().ShouldStartWith("/?error=");
        (await browser.GetAsync("/chat")).RedirectPath().ShouldStartWith("/?returnUrl=");
        await using var db = await _app.CreateDbAsync();
        (await db.Users.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Replaying_a_used_callback_signs_nobody_in()
    {
        using var browser = _app.CreateBrowserLikeClient(followRedirects: false);
        var challenge = await browser.GetAsync("/signin/github");
        var consent = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync(challenge.Headers.Location!);
        var callback = consent.Headers.Location!.ToString();
        (await browser.GetAsync(callback)).RedirectPath().ShouldBe("/chat");

        using var attacker = _app.CreateBrowserLikeClient(followRedirects: false);
        var replayed = await attacker.GetAsync(callback);
        var replayedByVictim = await browser.GetAsync(callback);

        replayed.RedirectPath().ShouldStartWith("/?error=");
        replayedByVictim.RedirectPath().ShouldStartWith("/?error=");
        (await attacker.GetAsync("/chat")).RedirectPath().ShouldStartWith("/?returnUrl=");
        _provider.RedeemedCodes.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_off_site_return_url_is_replaced_by_the_chat()
    {
        using var browser = _app.CreateBrowserLikeClient(followRedirects: true);

        var landed = await browser.GetAsync("/signin/github?returnUrl=https%3A%2F%2Fevil.example.com%2F");

        landed.RequestMessage!.RequestUri!.Host.ShouldBe("127.0.0.1");
        landed.RequestMessage.RequestUri.AbsolutePath.ShouldBe("/chat");
    }

    [Fact]
    public async Task The_landing_page_offers_the_configured_providers_and_no_development_sign_in()
    {
        using var browser = _app.CreateBrowserLikeClient();

        var landing = await browser.GetStringAsync("/");

        landing.ShouldContain("Sign in with Google");
        landing.ShouldContain("Sign in with GitHub");
        landing.ShouldNotContain("/signin/dev");
        (await browser.GetAsync("/signin/dev")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

using System.Net;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Tests.Identity;

public sealed class LocalAccountTests : IAsyncLifetime
{
    private const string Password = "a quiet harbour at dawn";
    private readonly LetsChatApp _app = new(new Dictionary<string, string?>
    {
        ["LetsChat:Lockout:FailuresPerAccount"] = "3",
        ["LetsChat:Lockout:FailuresPerAddress"] = "8",
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Sign_up_stores_a_hash_not_the_password_and_signs_in()
    {
        using var browser = _app.CreateBrowserLikeClient();

        var response = await LocalAccountClient.SignUpAsync(browser, "Ada", "Ada Lovelace", Password, "ada@example.com");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = await _app.CreateDbAsync();
        var ada = await db.Users.SingleAsync();
        ada.Handle.ShouldBe("Ada");
        ada.PasswordHash.ShouldNotBeNull().ShouldNotContain(Password);
        ada.PasswordHash.ShouldStartWith("AQAAAA"); // Identity's v3 format: PBKDF2 with a salt
        ada.EmailConfirmed.ShouldBeFalse();
        (await db.Sessions.SingleAsync()).Method.ShouldBe("password");
    }

    [Theory]
    [InlineData("short1")]
    [InlineData("password123")]
    [InlineData("1234567890")]
    [InlineData("iloveyou2024!")]
    [InlineData("aaaaaaaaaaaaa")]
    [InlineData("Grace_Hopper")]
    public async Task Short_common_and_handle_passwords_are_refused_with_a_reason(string password)
    {
        using var browser = _app.CreateBrowserLikeClient();

        var response = await LocalAccountClient.SignUpAsync(browser, "Grace_Hopper", "Grace", password);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("role=\"alert\"");
        await using var db = await _app.CreateDbAsync();
        (await db.Users.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_taken_handle_or_email_is_refused_whatever_the_case()
    {
        await LocalAccountClient.CreateAsync(_app, "bob", Password, "bob@example.com");
        using var browser = _app.CreateBrowserLikeClient();

        var handle = await (await LocalAccountClient.SignUpAsync(browser, "BOB", "Bob two", Password)).Content.ReadAsStringAsync();
        var email = await (await LocalAccountClient.SignUpAsync(browser, "bobby", "Bob two", Password, "BOB@example.com")).Content.ReadAsStringAsync();

        handle.ShouldContain("The handle @BOB is taken.");
        email.ShouldContain("That e-mail address is already used by another account.");
    }

    [Fact]
    public async Task Sign_in_works_with_the_handle_or_the_email_and_not_with_a_wrong_password()
    {
        await LocalAccountClient.CreateAsync(_app, "carol", Password, "carol@example.com");
        using var byHandle = _app.CreateBrowserLikeClient();
        using var byEmail = _app.CreateBrowserLikeClient();
        using var wrong = _app.CreateBrowserLikeClient();

        (await LocalAccountClient.SignInAsync(byHandle, "@Carol", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LocalAccountClient.SignInAsync(byEmail, "CAROL@example.com", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var refused = await LocalAccountClient.SignInAsync(wrong, "carol", "a loud harbour at dusk");

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("That handle or e-mail and password do not match.");
        (await wrong.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await byEmail.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_handle_and_a_wrong_password_get_the_same_answer()
    {
        await LocalAccountClient.CreateAsync(_app, "hal", Password);
        using var browser = _app.CreateBrowserLikeClient();

        var unknown = await (await LocalAccountClient.SignInAsync(browser, "nobody-here", Password)).Content.ReadAsStringAsync();
        var wrong = await (await LocalAccountClient.SignInAsync(browser, "hal", "not the password at all")).Content.ReadAsStringAsync();

        unknown.ShouldContain("That handle or e-mail and password do not match.");
        wrong.ShouldContain("That handle or e-mail and password do not match.");
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_with_a_time_to_try_again_even_for_the_right_one()
    {
        await LocalAccountClient.CreateAsync(_app, "dave", Password);
        using var browser = _app.CreateBrowserLikeClient();

        for (var i = 0; i < 3; i++)
        {
            await LocalAccountClient.SignInAsync(browser, "dave", "guess number " + i);
        }

        var right = await LocalAccountClient.SignInAsync(browser, "dave", Password);
        var html = await right.Content.ReadAsStringAsync();
        html.ShouldContain("Too many wrong passwords for this account. Try again in 15 minutes");
        (await browser.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = await _app.CreateDbAsync();
        (await db.Users.SingleAsync()).LockoutEnd.ShouldNotBeNull();
    }

    [Fact]
    public async Task Wrong_passwords_across_accounts_lock_the_address()
    {
        await LocalAccountClient.CreateAsync(_app, "erin", Password);
        using var browser = _app.CreateBrowserLikeClient();

        for (var i = 0; i < 8; i++)
        {
            await LocalAccountClient.SignInAsync(browser, $"nobody{i}", "a guess at something");
        }

        var right = await LocalAccountClient.SignInAsync(browser, "erin", Password);
        (await right.Content.ReadAsStringAsync()).ShouldContain("Too many wrong passwords from this address.");
        await using var db = await _app.CreateDbAsync();
        (await db.SignInThrottles.SingleAsync()).LockedUntil.ShouldNotBeNull();
        (await db.Sessions.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_copied_cookie_stops_working_when_its_browser_signs_out()
    {
        await LocalAccountClient.CreateAsync(_app, "fay", Password);
        var cookies = new CookieContainer();
        using var browser = _app.CreateBrowserLikeClient(cookies);
        await LocalAccountClient.SignInAsync(browser, "fay", Password);
        using var thief = _app.CreateClientWithCookieHeader(cookies.GetCookieHeader(_app.ServerAddress));
        (await thief.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var token = DevSignInClient.AntiforgeryTokenIn(await browser.GetStringAsync("/signin/dev"))!;
        await browser.PostAsync("/signout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        (await thief.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = await _app.CreateDbAsync();
        (await db.Sessions.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_ban_ends_every_session_of_the_account()
    {
        var gus = await LocalAccountClient.CreateAsync(_app, "gus", Password);
        using var browser = _app.CreateBrowserLikeClient();
        await LocalAccountClient.SignInAsync(browser, "gus", Password);

        await using (var db = await _app.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == gus.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsBanned, true));
        }

        // Without the news of the ban (it was written straight to the database), the session cache forgets within seconds.
        await Eventually.HoldsAsync(async () => (await browser.GetAsync("/chat")).StatusCode == HttpStatusCode.Redirect, "the banned session is refused", TimeSpan.FromSeconds(15));
        var again = await LocalAccountClient.SignInAsync(browser, "gus", Password);
        (await again.Content.ReadAsStringAsync()).ShouldContain("This account is banned");
    }
}

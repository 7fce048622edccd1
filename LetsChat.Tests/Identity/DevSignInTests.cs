using System.Net;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Identity;

public sealed class DevSignInTests : HostTest
{

    [Fact]
    public async Task Every_page_but_the_landing_page_requires_sign_in()
    {
        using var visitor = App.CreateBrowserLikeClient();

        var chat = await visitor.GetAsync("/chat");

        chat.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        chat.RedirectPath().ShouldBe("/?returnUrl=%2Fchat");
        (await visitor.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await visitor.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Signing_in_with_a_display_name_creates_the_user_and_opens_the_chat()
    {
        using var browser = App.CreateBrowserLikeClient();

        var signIn = await DevSignInClient.SignInAsync(browser, "  Alice   Smith ");

        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.RedirectPath().ShouldBe("/chat");
        (await browser.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = await App.CreateDbAsync();
        var user = await db.Users.SingleAsync();
        user.DisplayName.ShouldBe("Alice Smith");
        user.Handle.ShouldBe("Alice_Smith");
    }

    [Fact]
    public async Task The_same_name_signs_in_the_same_user_and_another_name_a_new_one()
    {
        using (var first = App.CreateBrowserLikeClient())
        {
            await DevSignInClient.SignInAsync(first, "Bob");
        }

        using (var second = App.CreateBrowserLikeClient())
        {
            await DevSignInClient.SignInAsync(second, "bob");
            await DevSignInClient.SignInAsync(second, "Carol");
        }

        await using var db = await App.CreateDbAsync();
        (await db.Users.Select(u => u.DisplayName).OrderBy(n => n).ToListAsync()).ShouldBe(["Bob", "Carol"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u202E\u200B")]
    public async Task An_empty_name_is_refused_with_a_message_and_creates_nobody(string name)
    {
        using var browser = App.CreateBrowserLikeClient();

        var response = await DevSignInClient.SignInAsync(browser, name);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Choose a display name.");
        await using var db = await App.CreateDbAsync();
        (await db.Users.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_name_over_fifty_characters_is_refused()
    {
        using var browser = App.CreateBrowserLikeClient();

        var response = await DevSignInClient.SignInAsync(browser, new string('x', 51));

        (await response.Content.ReadAsStringAsync()).ShouldContain("at most 50 characters");
        await using var db = await App.CreateDbAsync();
        (await db.Users.CountAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("https://evil.example.com/")]
    [InlineData("//evil.example.com/")]
    [InlineData("/\\evil.example.com/")]
    public async Task An_off_site_return_url_goes_to_the_chat_instead(string returnUrl)
    {
        using var browser = App.CreateBrowserLikeClient();

        var response = await DevSignInClient.SignInAsync(browser, "Dana", returnUrl);

        response.RedirectPath().ShouldBe("/chat");
    }

    [Fact]
    public async Task Signing_out_needs_the_antiforgery_token_and_then_ends_the_session()
    {
        using var browser = App.CreateBrowserLikeClient();
        await DevSignInClient.SignInAsync(browser, "Erin");

        var forged = await browser.PostAsync("/signout", new FormUrlEncodedContent([]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var token = DevSignInClient.AntiforgeryTokenIn(await browser.GetStringAsync("/signin/dev"))!;
        var signOut = await browser.PostAsync("/signout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_banned_user_cannot_sign_in_again()
    {
        var user = await App.CreateUserAsync("Grace");
        await using (var db = await App.CreateDbAsync())
        {
            var stored = await db.Users.SingleAsync(u => u.Id == user.Id);
            stored.IsBanned = true;
            stored.BanReason = "spam";
            await db.SaveChangesAsync();
        }

        using var browser = App.CreateBrowserLikeClient();
        var response = await DevSignInClient.SignInAsync(browser, "Grace");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("This account is banned: spam");
        (await browser.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Development_sign_in_is_offered_with_an_external_provider_only_in_Development()
    {
        var github = new Dictionary<string, string?>
        {
            ["Authentication:GitHub:ClientId"] = "id", ["Authentication:GitHub:ClientSecret"] = "secret", ["LetsChat:DevelopmentSignIn"] = "false",
        };
        await using var production = new LetsChatApp(github, environment: "Production");
        await using var development = new LetsChatApp(github, environment: "Development");

        using var productionBrowser = production.CreateBrowserLikeClient();
        using var developmentBrowser = development.CreateBrowserLikeClient();

        (await productionBrowser.GetAsync("/signin/dev")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await DevSignInClient.SignInAsync(developmentBrowser, "Finn")).RedirectPath().ShouldBe("/chat");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task In_Production_the_development_sign_in_is_a_404_with_or_without_providers(bool withProvider)
    {
        var settings = new Dictionary<string, string?> { ["LetsChat:DevelopmentSignIn"] = "false" };
        if (withProvider)
        {
            settings["Authentication:Google:ClientId"] = "id";
            settings["Authentication:Google:ClientSecret"] = "secret";
        }

        await using var production = new LetsChatApp(settings, environment: "Production");
        using var browser = production.CreateBrowserLikeClient();

        (await browser.GetAsync("/signin/dev")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var form = new FormUrlEncodedContent([new("_handler", "dev-signin"), new("Input.DisplayName", "Mallory")]);
        (await browser.PostAsync("/signin/dev", form)).StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
        (await browser.GetStringAsync("/")).ShouldNotContain("/signin/dev");
        await using var db = await production.CreateDbAsync();
        (await db.Users.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_development_sign_in_never_opens_an_account_made_another_way()
    {
        using (var scope = App.Services.CreateScope())
        {
            var (made, errors) = await scope.ServiceProvider.GetRequiredService<LetsChat.Server.Identity.LocalAccounts>()
                .SignUpAsync(new LetsChat.Server.Identity.SignUpRequest("grace", "Grace", "a perfectly long passphrase"));
            made.ShouldNotBeNull(string.Join(" ", errors));
        }

        using var browser = App.CreateBrowserLikeClient();
        await DevSignInClient.SignInAsync(browser, "Grace");
        await DevSignInClient.SignInAsync(browser, "grace");

        await using var db = await App.CreateDbAsync();
        var graces = await db.Users.Where(u => u.SearchName == "GRACE").ToListAsync();
        graces.Count.ShouldBe(2);
        graces.Count(u => u.PasswordHash != null).ShouldBe(1);
        (await db.Sessions.Select(s => s.UserId).Distinct().ToListAsync()).ShouldBe([graces.Single(u => u.PasswordHash == null).Id]);
    }
}

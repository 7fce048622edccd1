using System.Net;
using System.Text.RegularExpressions;
using LetsChat.Components.Identity;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Identity;

/// <summary>/forgot mails a reset link, read back from a fake SMTP server, and never says whether an account exists.</summary>
public sealed partial class ForgotPasswordTests : IAsyncLifetime
{
    private const string NewPassword = "correct horse battery staple 7";
    private readonly FakeSmtpServer _smtp = new();
    private readonly LetsChatApp _app;

    public ForgotPasswordTests() => _app = new(_smtp.Settings());

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("Alice@Example.com")]
    public async Task Forgot_mails_a_link_that_sets_the_password(string login)
    {
        await SignUpAsync("alice", "alice@example.com");
        using var browser = _app.CreateBrowserLikeClient();

        var answer = await AskAsync(browser, login);

        answer.ShouldContain(AccountLinkMessages.ResetMailOnItsWay);
        var mail = await _smtp.WaitForMailToAsync("alice@example.com");
        mail.Subject.ShouldBe("Reset your Let's Chat password");
        mail.HtmlBody.ShouldNotBeNull().ShouldContain("/reset/");
        var link = new Uri(ResetLink().Match(mail.TextBody ?? "").Value);
        link.Authority.ShouldBe(_app.ServerAddress.Authority);
        var reset = await SsrForms.PostAsync(browser, link.PathAndQuery, "reset-password", new() { ["Input.NewPassword"] = NewPassword });
        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        reset.RedirectPath().ShouldBe("/chat");
        await using var scope = _app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<LocalAccounts>().PasswordSignInAsync("alice", NewPassword, "10.9.9.9")).User.ShouldNotBeNull();
    }

    [Fact]
    public async Task Forgot_answers_the_same_for_an_unknown_handle_and_sends_nothing()
    {
        await SignUpAsync("alice", "alice@example.com");
        await SignUpAsync("bob", email: null);
        using var browser = _app.CreateBrowserLikeClient();

        var unknown = await AskAsync(browser, "nobody");
        var noAddress = await AskAsync(browser, "bob");
        var known = await AskAsync(browser, "alice");

        unknown.ShouldContain(AccountLinkMessages.ResetMailOnItsWay);
        noAddress.ShouldContain(AccountLinkMessages.ResetMailOnItsWay);
        known.ShouldContain(AccountLinkMessages.ResetMailOnItsWay);
        await _smtp.WaitForMailToAsync("alice@example.com");
        _smtp.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Forgot_mails_an_account_three_times_an_hour_and_refuses_an_address_past_five_in_a_quarter()
    {
        await SignUpAsync("alice", "alice@example.com");
        using var browser = _app.CreateBrowserLikeClient();

        for (var i = 0; i < 5; i++)
        {
            (await AskAsync(browser, "alice")).ShouldContain(AccountLinkMessages.ResetMailOnItsWay);
        }

        (await AskAsync(browser, "alice")).ShouldContain(AccountLinkMessages.TooManyResetRequests);
        await _smtp.WaitForMailToAsync("alice@example.com", count: 3);
        _smtp.Messages.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Forgot_is_not_found_without_a_mail_server()
    {
        await using var app = new LetsChatApp();
        using var browser = app.CreateBrowserLikeClient();

        var page = await browser.GetAsync("/forgot");

        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync()).ShouldNotContain("Send reset link");
        (await _app.CreateBrowserLikeClient().GetAsync("/forgot")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<string> AskAsync(HttpClient browser, string login)
    {
        var response = await SsrForms.PostAsync(browser, "/forgot", "forgot-password", new() { ["Input.Login"] = login });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task SignUpAsync(string handle, string? email)
    {
        using var scope = _app.Services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<LocalAccounts>()
            .SignUpAsync(new SignUpRequest(handle, handle.ToUpperInvariant(), "a long enough password 1", email));
        user.ShouldNotBeNull(string.Join(" ", errors));
    }

    [GeneratedRegex(@"https?://\S+/reset/[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();
}

using System.Net;
using System.Text.RegularExpressions;
using LetsChat.Components.Admin;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Identity;

/// <summary>Confirming an address by a mailed link, and the configured moderators' grant that it applies only once.</summary>
public sealed partial class EmailConfirmationTests : IAsyncLifetime
{
    private readonly FakeSmtpServer _smtp = new();
    private readonly LetsChatApp _app;

    public EmailConfirmationTests()
    {
        var settings = _smtp.Settings();
        settings["LetsChat:Moderators:0"] = "boss@example.com";
        _app = new(settings);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Sign_up_can_mail_a_confirmation_whose_link_confirms_the_address()
    {
        var carol = await SignUpAsync("carol", "carol@example.com");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            http.Request.Scheme = _app.ServerAddress.Scheme;
            http.Request.Host = new HostString(_app.ServerAddress.Authority);
            (await scope.ServiceProvider.GetRequiredService<AccountRecovery>().SendConfirmationIfPossibleAsync(carol, http)).ShouldBeTrue();
        }

        var mail = await _smtp.WaitForMailToAsync("carol@example.com");
        var link = new Uri(ConfirmLink().Match(mail.TextBody ?? "").Value);
        using var browser = _app.CreateBrowserLikeClient();

        (await browser.GetStringAsync(link.PathAndQuery)).ShouldContain("Your e-mail address is confirmed.");
        (await browser.GetStringAsync(link.PathAndQuery)).ShouldContain(WebUtility.HtmlEncode(LetsChat.Components.Identity.AccountLinkMessages.DeadLink));
        await using var db = await _app.CreateDbAsync();
        var user = await db.Users.SingleAsync(u => u.Id == carol.Id);
        user.EmailConfirmed.ShouldBeTrue();
        user.IsModerator.ShouldBeFalse();
    }

    [Fact]
    public async Task A_configured_address_is_made_moderator_on_its_first_confirmation_and_a_later_demotion_sticks()
    {
        var boss = await SignUpAsync("boss", "boss@example.com");
        var other = await _app.CreateUserAsync("Other Mod", "other@example.com");
        await using (var db = await _app.CreateDbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == boss.Id)).IsModerator.ShouldBeFalse("an address typed at sign-up proves nothing");
            await db.Users.Where(u => u.Id == other.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsModerator, true));
        }

        (await ConfirmAsync(boss.Id, "boss@example.com")).ShouldBeTrue();
        await using (var db = await _app.CreateDbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == boss.Id)).IsModerator.ShouldBeTrue();
        }

        await using (var circuit = _app.OpenCircuit(other))
        {
            (await circuit.Get<IAdminService>().SetModeratorAsync(boss.Id, false)).Succeeded.ShouldBeTrue();
        }

        (await ConfirmAsync(boss.Id, "boss@example.com")).ShouldBeTrue();
        await using (var db = await _app.CreateDbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == boss.Id)).IsModerator.ShouldBeFalse();
        }
    }

    [Fact]
    public async Task An_address_used_by_another_account_is_not_confirmed()
    {
        await SignUpAsync("first", "shared@example.com");
        var second = await SignUpAsync("second", null);

        (await ConfirmAsync(second.Id, "Shared@Example.com")).ShouldBeFalse();

        await using var db = await _app.CreateDbAsync();
        (await db.Users.SingleAsync(u => u.Id == second.Id)).Email.ShouldBeNull();
    }

    private async Task<bool> ConfirmAsync(long userId, string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var links = scope.ServiceProvider.GetRequiredService<AccountLinks>();
        var path = await links.CreateEmailConfirmationAsync(userId, email);
        using var browser = _app.CreateBrowserLikeClient();
        var page = await browser.GetStringAsync(path);
        return page.Contains("Your e-mail address is confirmed.", StringComparison.Ordinal);
    }

    private async Task<User> SignUpAsync(string handle, string? email)
    {
        using var scope = _app.Services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<LocalAccounts>()
            .SignUpAsync(new SignUpRequest(handle, handle.ToUpperInvariant(), "a long enough password 1", email));
        return user ?? throw new InvalidOperationException(string.Join(" ", errors));
    }

    [GeneratedRegex(@"https?://\S+/confirm-email/[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmLink();
}

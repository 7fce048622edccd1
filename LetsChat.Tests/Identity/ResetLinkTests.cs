using System.Net;
using LetsChat.Components.Admin;
using LetsChat.Components.Identity;
using LetsChat.Server.Admin;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Identity;

/// <summary>Reset links made on /admin, by the command line or by code, redeemed through the real /reset page.</summary>
public sealed class ResetLinkTests : IAsyncLifetime
{
    private const string OldPassword = "a long enough password 1";
    private const string NewPassword = "correct horse battery staple 7";
    private readonly LetsChatApp _app = new(new Dictionary<string, string?> { ["LetsChat:Moderators:0"] = "mod@example.com" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_reset_link_sets_the_password_once_and_a_second_use_is_refused()
    {
        var alice = await SignUpAsync("alice");
        var link = await CreateLinkAsync(alice.Id);
        using var browser = _app.CreateBrowserLikeClient();

        var first = await SetPasswordAsync(browser, link, NewPassword);

        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        first.RedirectPath().ShouldBe("/chat");
        (await CheckPasswordAsync(alice.Id, NewPassword)).ShouldBeTrue();
        using var other = _app.CreateBrowserLikeClient();
        (await other.GetStringAsync(link)).ShouldContain(AccountLinkMessages.DeadLink);
        var second = await SetPasswordAsync(other, link, "another long password 9", tokenFrom: "/signin/dev");
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync()).ShouldContain(AccountLinkMessages.DeadLink);
        (await CheckPasswordAsync(alice.Id, NewPassword)).ShouldBeTrue();
        await using var db = await _app.CreateDbAsync();
        (await db.AccountTokens.SingleAsync()).UsedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_reset_link_works_for_an_hour_and_not_after()
    {
        var alice = await SignUpAsync("alice");
        // The links are made on a clock 61 minutes behind the host's, so the host sees the first one just expired.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(61));
        await using var scope = _app.Services.CreateAsyncScope();
        var links = ActivatorUtilities.CreateInstance<AccountLinks>(scope.ServiceProvider, clock);
        var expired = await links.CreateResetLinkAsync(alice.Id);
        clock.Advance(TimeSpan.FromMinutes(59));
        (await links.IsResetLinkLiveAsync(expired["/reset/".Length..])).ShouldBeTrue();
        clock.Advance(TimeSpan.FromMinutes(1));
        (await links.IsResetLinkLiveAsync(expired["/reset/".Length..])).ShouldBeFalse();
        var fresh = await links.CreateResetLinkAsync(alice.Id);
        using var browser = _app.CreateBrowserLikeClient();

        (await browser.GetStringAsync(expired)).ShouldContain(AccountLinkMessages.DeadLink);
        var refused = await SetPasswordAsync(browser, expired, NewPassword, tokenFrom: "/signin/dev");
        (await refused.Content.ReadAsStringAsync()).ShouldContain(AccountLinkMessages.DeadLink);
        (await CheckPasswordAsync(alice.Id, NewPassword)).ShouldBeFalse();

        (await SetPasswordAsync(browser, fresh, NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await CheckPasswordAsync(alice.Id, NewPassword)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_new_link_voids_the_earlier_one()
    {
        var alice = await SignUpAsync("alice");
        var earlier = await CreateLinkAsync(alice.Id);
        var later = await CreateLinkAsync(alice.Id);
        using var browser = _app.CreateBrowserLikeClient();

        (await browser.GetStringAsync(earlier)).ShouldContain(AccountLinkMessages.DeadLink);
        (await browser.GetStringAsync(later)).ShouldContain("Set password");
    }

    [Fact]
    public async Task A_weak_password_is_refused_and_the_link_still_works()
    {
        var alice = await SignUpAsync("alice");
        var link = await CreateLinkAsync(alice.Id);
        using var browser = _app.CreateBrowserLikeClient();

        var weak = await SetPasswordAsync(browser, link, "short");

        weak.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await weak.Content.ReadAsStringAsync()).ShouldContain("Use a password of at least 10 characters.");
        (await SetPasswordAsync(browser, link, NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Redeeming_ends_every_other_session_and_signs_this_browser_in()
    {
        using var before = _app.CreateBrowserLikeClient();
        (await DevSignInClient.SignInAsync(before, "Dana")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await before.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = await _app.CreateDbAsync();
        var dana = await db.Users.SingleAsync(u => u.DisplayName == "Dana");
        // A development account has no password; the link lets it set one.
        var link = await CreateLinkAsync(dana.Id);
        using var after = _app.CreateBrowserLikeClient();

        (await SetPasswordAsync(after, link, NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var refused = await before.GetAsync("/chat");
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.RedirectPath().ShouldStartWith("/?returnUrl=");
        (await after.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await db.Sessions.Where(s => s.UserId == dana.Id).Select(s => s.Method).ToListAsync()).ShouldBe([LocalAccounts.Method]);
    }

    [Fact]
    public async Task A_locked_out_account_is_unlocked_by_its_reset()
    {
        var alice = await SignUpAsync("alice");
        await using (var db = await _app.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == alice.Id).ExecuteUpdateAsync(u => u
                .SetProperty(x => x.LockoutEnd, DateTimeOffset.UtcNow.AddMinutes(15)).SetProperty(x => x.AccessFailedCount, 5));
        }

        using var browser = _app.CreateBrowserLikeClient();
        (await SetPasswordAsync(browser, await CreateLinkAsync(alice.Id), NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var check = await _app.CreateDbAsync();
        var user = await check.Users.SingleAsync(u => u.Id == alice.Id);
        user.LockoutEnd.ShouldBeNull();
        user.AccessFailedCount.ShouldBe(0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_banned_or_deleted_account_cannot_redeem(bool banned)
    {
        var alice = await SignUpAsync("alice");
        var link = await CreateLinkAsync(alice.Id);
        await using (var db = await _app.CreateDbAsync())
        {
            await (banned
                ? db.Users.Where(u => u.Id == alice.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsBanned, true))
                : db.Users.Where(u => u.Id == alice.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeletedAt, DateTimeOffset.UtcNow)));
        }

        using var browser = _app.CreateBrowserLikeClient();
        var refused = await SetPasswordAsync(browser, link, NewPassword, tokenFrom: "/signin/dev");

        (await refused.Content.ReadAsStringAsync()).ShouldContain(AccountLinkMessages.DeadLink);
        await using var check = await _app.CreateDbAsync();
        (await check.Users.SingleAsync(u => u.Id == alice.Id)).PasswordHash.ShouldBe(alice.PasswordHash);
    }

    [Fact]
    public async Task A_moderator_makes_an_audited_link_and_others_are_refused()
    {
        var mod = await _app.CreateUserAsync("Mod", "mod@example.com");
        var eve = await _app.CreateUserAsync("Eve");
        var bob = await _app.CreateUserAsync("Bob");
        await using var eveCircuit = _app.OpenCircuit(eve);

        var refused = await eveCircuit.Get<IAdminService>().CreateResetLinkAsync(bob.Id);

        refused.Result.Succeeded.ShouldBeFalse();
        refused.Result.Message.ShouldBe(AdminService.NotAModerator);
        refused.Link.ShouldBeNull();
        await using var db = await _app.CreateDbAsync();
        (await db.AccountTokens.CountAsync()).ShouldBe(0);

        await using var modCircuit = _app.OpenCircuit(mod);
        var made = await modCircuit.Get<IAdminService>().CreateResetLinkAsync(bob.Id);

        made.Result.Succeeded.ShouldBeTrue(made.Result.Message);
        made.Link.ShouldNotBeNull().ShouldStartWith("/reset/");
        var audit = await db.AuditEntries.SingleAsync();
        (audit.ModeratorId, audit.Action, audit.TargetUserId).ShouldBe((mod.Id, AuditActions.ResetLink, (long?)bob.Id));
        (await db.AccountTokens.SingleAsync()).CreatedById.ShouldBe(mod.Id);
        using var browser = _app.CreateBrowserLikeClient();
        (await SetPasswordAsync(browser, made.Link, NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_command_prints_a_path_that_works_and_says_how_to_get_a_full_link()
    {
        await SignUpAsync("alice");
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await ResetLinkCommand.RunAsync(_app.Services, ["@alice"], output, error);

        exitCode.ShouldBe(0, error.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        lines[1].ShouldStartWith("/reset/");
        lines[2].ShouldContain("LetsChat:PublicUrl");
        using var browser = _app.CreateBrowserLikeClient();
        (await SetPasswordAsync(browser, lines[1], NewPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_command_prints_a_full_link_under_the_public_url()
    {
        await using var app = new LetsChatApp(new Dictionary<string, string?> { ["LetsChat:PublicUrl"] = "https://chat.example.com/" });
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<LocalAccounts>().SignUpAsync(new SignUpRequest("alice", "Alice", OldPassword));
        }

        var output = new StringWriter();
        (await ResetLinkCommand.RunAsync(app.Services, ["alice"], output, new StringWriter())).ShouldBe(0);

        var link = new Uri(output.ToString().Split('\n', StringSplitOptions.TrimEntries)[1]);
        link.GetLeftPart(UriPartial.Authority).ShouldBe("https://chat.example.com");
        using var browser = app.CreateBrowserLikeClient();
        (await browser.GetStringAsync(link.PathAndQuery)).ShouldContain("Set password");
    }

    [Fact]
    public async Task The_command_fails_clearly_for_an_unknown_handle_and_without_one()
    {
        var error = new StringWriter();
        (await ResetLinkCommand.RunAsync(_app.Services, ["nobody"], new StringWriter(), error)).ShouldBe(1);
        error.ToString().ShouldContain("No user has the handle @nobody.");

        var usage = new StringWriter();
        (await ResetLinkCommand.RunAsync(_app.Services, [], new StringWriter(), usage)).ShouldBe(2);
        usage.ToString().ShouldStartWith("usage: reset-link");
    }

    private async Task<User> SignUpAsync(string handle)
    {
        using var scope = _app.Services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<LocalAccounts>().SignUpAsync(new SignUpRequest(handle, handle.ToUpperInvariant(), OldPassword));
        return user ?? throw new InvalidOperationException(string.Join(" ", errors));
    }

    private async Task<string> CreateLinkAsync(long userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountLinks>().CreateResetLinkAsync(userId);
    }

    private async Task<bool> CheckPasswordAsync(long userId, string password)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LocalAccounts>().CheckPasswordAsync(userId, password);
    }

    private static Task<HttpResponseMessage> SetPasswordAsync(HttpClient browser, string link, string password, string? tokenFrom = null) =>
        SsrForms.PostAsync(browser, link, "reset-password", new() { ["Input.NewPassword"] = password }, tokenFrom);
}

using System.Net;
using LetsChat.Components.Identity;
using LetsChat.Components.Presence;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Identity;

/// <summary>The account section of /me: devices, sign-in methods and linking, over the real host.</summary>
public sealed class AccountServiceTests : IAsyncLifetime
{
    private const string Password = "a lighthouse keeper's logbook";
    private FakeOAuthProvider _provider = default!;
    private LetsChatApp _app = default!;

    public async ValueTask InitializeAsync()
    {
        _provider = await FakeOAuthProvider.StartAsync();
        _app = new LetsChatApp(_provider.GitHubSettings());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task The_devices_list_shows_each_signed_in_browser_and_one_can_be_signed_out_alone()
    {
        var ivy = await LocalAccountClient.CreateAsync(_app, "ivy", Password);
        using var phone = _app.CreateBrowserLikeClient();
        phone.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36");
        await LocalAccountClient.SignInAsync(phone, "ivy", Password);
        await using var laptop = _app.OpenCircuit(ivy);
        var account = laptop.Get<IAccountService>();

        var view = (await account.GetAsync()).ShouldNotBeNull();
        view.Devices.Count.ShouldBe(2);
        view.Devices[0].IsThisDevice.ShouldBeTrue();
        var phoneDevice = view.Devices.Single(d => !d.IsThisDevice);
        phoneDevice.Browser.ShouldBe("Chrome on Android");
        phoneDevice.Method.ShouldBe("password");

        (await account.SignOutDeviceAsync(phoneDevice.SessionId)).Succeeded.ShouldBeTrue();

        (await phone.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await account.GetAsync()).ShouldNotBeNull().Devices.Count.ShouldBe(1);
        (await account.SignOutDeviceAsync("someone-elses-session")).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_this_one()
    {
        var jan = await LocalAccountClient.CreateAsync(_app, "jan", Password);
        using var other = _app.CreateBrowserLikeClient();
        await LocalAccountClient.SignInAsync(other, "jan", Password);
        await using var here = _app.OpenCircuit(jan);
        var account = here.Get<IAccountService>();

        (await account.ChangePasswordAsync("not the password", "a brand new passphrase")).Message.ShouldBe("Your current password is not right.");
        (await account.ChangePasswordAsync(Password, "a brand new passphrase")).Succeeded.ShouldBeTrue();

        (await other.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await account.GetAsync()).ShouldNotBeNull();
        here.Get<ICircuitStatus>().ClosedReason.ShouldBeNull();
        using var again = _app.CreateBrowserLikeClient();
        (await LocalAccountClient.SignInAsync(again, "jan", "a brand new passphrase")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Wrong_current_passwords_on_the_profile_count_toward_the_lockout()
    {
        var una = await LocalAccountClient.CreateAsync(_app, "una", Password);
        await using var tab = _app.OpenCircuit(una);
        var account = tab.Get<IAccountService>();

        for (var i = 0; i < 4; i++)
        {
            (await account.ChangePasswordAsync("guess " + i, "a brand new passphrase")).Message.ShouldBe("Your current password is not right.");
        }

        (await account.ChangePasswordAsync("guess 5", "a brand new passphrase")).Message.ShouldStartWith("Too many wrong passwords for this account.");
        (await account.ChangePasswordAsync(Password, "a brand new passphrase")).Message.ShouldStartWith("Too many wrong passwords");
        using var browser = _app.CreateBrowserLikeClient();
        (await (await LocalAccountClient.SignInAsync(browser, "una", Password)).Content.ReadAsStringAsync()).ShouldContain("Too many wrong passwords for this account.");
    }

    [Fact]
    public async Task Sign_out_everywhere_closes_every_tab_including_this_one()
    {
        var kim = await LocalAccountClient.CreateAsync(_app, "kim", Password);
        await using var tab = _app.OpenCircuit(kim);
        _app.Services.GetRequiredService<PresenceService>().CircuitOpened(kim.Id, "kim-tab", tab.Get<UserCircuit>());

        (await tab.Get<IAccountService>().SignOutEverywhereAsync()).Succeeded.ShouldBeTrue();

        tab.Get<ICircuitStatus>().ClosedReason.ShouldBe(AccountService.SignedOutEverywhere);
        (await tab.Get<IAccountService>().GetAsync()).ShouldBeNull();
        await using var db = await _app.CreateDbAsync();
        (await db.Sessions.CountAsync(s => s.UserId == kim.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task The_last_way_to_sign_in_cannot_be_removed_until_there_is_another()
    {
        var lea = await LocalAccountClient.CreateAsync(_app, "lea", Password);
        using var browser = _app.CreateBrowserLikeClient(followRedirects: true);
        await LocalAccountClient.SignInAsync(browser, "lea", Password);
        await using var tab = _app.OpenCircuit(lea);
        var account = tab.Get<IAccountService>();

        (await account.RemoveSignInMethodAsync(SignInMethodKind.Password, "password")).Message.ShouldBe(AccountService.LastWayIn);

        _provider.NextAccount = new FakeAccount("9001", "lea-gh", "Lea", "lea@example.com", "https://avatars.example.com/9001", EmailPublic: true);
        var linked = await browser.GetAsync(await LinkUrlAsync(lea.Id));
        linked.RequestMessage!.RequestUri!.Query.ShouldBe("?linked=GitHub");
        var view = (await account.GetAsync()).ShouldNotBeNull();
        view.LinkGitHubUrl.ShouldBeNull();
        var github = view.Methods.Single(m => m.Kind == SignInMethodKind.GitHub);
        github.Name.ShouldBe("GitHub: lea-gh");

        (await account.RemoveSignInMethodAsync(SignInMethodKind.Password, "password")).Succeeded.ShouldBeTrue();
        (await account.RemoveSignInMethodAsync(SignInMethodKind.GitHub, github.Id)).Message.ShouldBe(AccountService.LastWayIn);
        await using var db = await _app.CreateDbAsync();
        (await db.Users.SingleAsync(u => u.Id == lea.Id)).PasswordHash.ShouldBeNull();
    }

    [Fact]
    public async Task A_provider_account_that_signs_in_to_someone_else_cannot_be_linked_and_a_link_needs_its_ticket()
    {
        _provider.NextAccount = new FakeAccount("777", "taken", "Taken", "taken@example.com", "https://avatars.example.com/777", EmailPublic: true);
        using (var owner = _app.CreateBrowserLikeClient(followRedirects: true))
        {
            (await owner.GetAsync("/signin/github")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var max = await LocalAccountClient.CreateAsync(_app, "max", Password);
        using var browser = _app.CreateBrowserLikeClient(followRedirects: true);
        await LocalAccountClient.SignInAsync(browser, "max", Password);

        var forged = await browser.GetAsync("/account/link/github?ticket=forged");
        forged.RequestMessage!.RequestUri!.Query.ShouldContain("error=");
        var refused = await browser.GetAsync(await LinkUrlAsync(max.Id));
        Uri.UnescapeDataString(refused.RequestMessage!.RequestUri!.Query).ShouldContain("That account already signs in to another Let's Chat account.");
        await using var db = await _app.CreateDbAsync();
        (await db.ExternalLogins.CountAsync(l => l.UserId == max.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_provider_with_the_same_verified_email_makes_a_new_account_never_joins_an_existing_one()
    {
        var nia = await LocalAccountClient.CreateAsync(_app, "nia", Password, "nia@example.com");
        _provider.NextAccount = new FakeAccount("31337", "nia-gh", "Nia", "nia@example.com", "https://avatars.example.com/31337", EmailPublic: true);
        using var browser = _app.CreateBrowserLikeClient(followRedirects: true);

        (await browser.GetAsync("/signin/github")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var db = await _app.CreateDbAsync();
        var login = await db.ExternalLogins.SingleAsync(l => l.Subject == "31337");
        login.UserId.ShouldNotBe(nia.Id);
    }

    /// <summary>The link address /me would show this user's only session.</summary>
    private async Task<string> LinkUrlAsync(long userId)
    {
        await using var db = await _app.CreateDbAsync();
        var session = await db.Sessions.Where(s => s.UserId == userId && s.Method == "password").Select(s => s.Id).SingleAsync();
        var ticket = _app.Services.GetRequiredService<LinkTickets>().Issue(userId, session, "github");
        return $"/account/link/github?ticket={Uri.EscapeDataString(ticket)}";
    }
}

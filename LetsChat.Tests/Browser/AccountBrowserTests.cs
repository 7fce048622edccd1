using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Local accounts as a new person meets them: sign-up and sign-in with a password, and with a passkey alone.</summary>
public sealed class AccountBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task Someone_signs_up_with_a_password_signs_out_and_signs_in_again(int width, int height)
    {
        var page = await OpenBrowserAsync("Nora", width, height);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create account" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Handle" }).FillAsync("nora");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Nora Quist");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Password" }).FillAsync("password123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("most commonly used");
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Password" })).ToHaveValueAsync(string.Empty);

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Password" }).FillAsync("tulips under a winter moon");
        await ScreenshotAsync(page, $"signup-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/chat");
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();
        await Expect(page.Locator(".user-name")).ToHaveTextAsync("Nora Quist");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Handle or e-mail" }).FillAsync("NORA");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Password" }).FillAsync("not my password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That handle or e-mail and password do not match.");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Password" }).FillAsync("tulips under a winter moon");
        await ScreenshotAsync(page, $"signin-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/chat");
        await Expect(page.Locator(".user-name")).ToHaveTextAsync("Nora Quist");
    }

    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task Someone_signs_up_with_a_passkey_alone_and_signs_in_with_it(int width, int height)
    {
        var page = await OpenBrowserAsync("Pia", width, height, onLocalhost: true);
        await AddVirtualAuthenticatorAsync(page);
        await page.GotoAsync("/signup");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Handle" }).FillAsync("pia");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Pia Passkey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account with a passkey" }).ClickAsync();
        await page.WaitForURLAsync("**/chat");
        await Expect(page.Locator(".user-name")).ToHaveTextAsync("Pia Passkey");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/signin");
        await ScreenshotAsync(page, $"signin-passkey-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.WaitForURLAsync("**/chat");
        await Expect(page.Locator(".user-name")).ToHaveTextAsync("Pia Passkey");

        await using var db = await App.CreateDbAsync();
        var pia = await db.Users.SingleAsync(u => u.Handle == "pia");
        pia.PasswordHash.ShouldBeNull();
        var passkey = await db.Passkeys.SingleAsync(p => p.UserId == pia.Id);
        passkey.SignCount.ShouldBeGreaterThan(0);
        (await db.Sessions.Where(s => s.UserId == pia.Id).Select(s => s.Method).ToListAsync()).ShouldBe(["passkey"]);
    }

    [Fact]
    public async Task A_passkey_this_site_does_not_know_is_refused_with_a_message()
    {
        var page = await OpenBrowserAsync("Stranger", onLocalhost: true);
        await AddVirtualAuthenticatorAsync(page);
        await page.GotoAsync("/signup");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Handle" }).FillAsync("ghost");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Ghost");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account with a passkey" }).ClickAsync();
        await page.WaitForURLAsync("**/chat");
        await using (var db = await App.CreateDbAsync())
        {
            // The account goes, its passkey stays on the device: the next sign-in with it must be refused.
            await db.Passkeys.ExecuteDeleteAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That passkey is not one of this site's accounts.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
    }

    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task Someone_adds_a_passkey_on_their_profile_and_signs_in_with_it_instead_of_the_password(int width, int height)
    {
        await LocalAccountClient.CreateAsync(App, "quinn", "seven swans a-swimming");
        var page = await OpenBrowserAsync("Quinn", width, height, onLocalhost: true);
        await AddVirtualAuthenticatorAsync(page);
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Handle or e-mail" }).FillAsync("quinn");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Password" }).FillAsync("seven swans a-swimming");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/chat");

        await page.GotoAsync("/me");
        var methods = page.GetByRole(AriaRole.List, new() { Name = "Sign-in methods" });
        await Expect(methods.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Passkey name" }).FillAsync("My laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(methods.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "My laptop" })).ToHaveCountAsync(1);
        var devices = page.GetByRole(AriaRole.List, new() { Name = "Signed-in devices" });
        await Expect(devices.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "This device" })).ToContainTextAsync("Chrome on Linux");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Signed-in devices" }).EvaluateAsync("e => { e.scrollIntoView({ block: 'center' }); window.scrollTo(0, 0); }");
        await ScreenshotAsync(page, $"me-account-{width}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.WaitForURLAsync("**/chat");
        await Expect(page.Locator(".user-name")).ToHaveTextAsync("quinn");
    }

    [Fact]
    public async Task Someone_with_only_a_passkey_deletes_their_account_confirming_with_it()
    {
        var page = await OpenBrowserAsync("Rae", onLocalhost: true);
        await AddVirtualAuthenticatorAsync(page);
        await page.GotoAsync("/signup");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Handle" }).FillAsync("rae");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync("Rae");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account with a passkey" }).ClickAsync();
        await page.WaitForURLAsync("**/chat");

        await page.GotoAsync("/me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete account" }).ClickAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Also delete my messages" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm with a passkey" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        await using var db = await App.CreateDbAsync();
        var rae = await db.Users.SingleAsync();
        rae.DeletedAt.ShouldNotBeNull();
        rae.DisplayName.ShouldBe("Deleted user");
        (await db.Passkeys.CountAsync()).ShouldBe(0);
        (await db.Sessions.CountAsync()).ShouldBe(0);
        await page.GotoAsync("/chat");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    /// <summary>Chromium's virtual authenticator (DevTools WebAuthn domain): a platform passkey that always says yes.</summary>
    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }
}

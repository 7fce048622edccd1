using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace LetsChat.Tests.Support;

/// <summary>
/// Base of the browser tests: a fresh server with its own database, one browser context per simulated person, and,
/// when a test fails, a screenshot and the console log of every page it opened.
/// </summary>
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<(string Name, IPage Page)> _pages = [];
    private readonly ConcurrentQueue<string> _console = new();

    protected LetsChatApp App { get; private set; } = default!;

    protected virtual LetsChatApp CreateApp() => new();

    /// <summary>For a server that needs something started first (its own PostgreSQL server).</summary>
    protected virtual ValueTask<LetsChatApp> CreateAppAsync() => ValueTask.FromResult(CreateApp());

    /// <summary>Runs after the server is disposed, to stop what <see cref="CreateAppAsync"/> started.</summary>
    protected virtual ValueTask DisposeDependenciesAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        App = await CreateAppAsync();
        _ = App.ServerAddress;
    }

    /// <summary>A new browser context (own cookies, like another person's browser) with one page at the given width.</summary>
    /// <param name="onLocalhost">Address the server as localhost rather than 127.0.0.1: WebAuthn refuses IP addresses.</param>
    /// <param name="dark">The system's colour scheme is dark (the site follows it until the reader picks one).</param>
    protected async Task<IPage> OpenBrowserAsync(string who, int width = 1280, int height = 800, bool onLocalhost = false, bool dark = false)
    {
        var address = onLocalhost ? new UriBuilder(App.ServerAddress) { Host = "localhost" }.Uri : App.ServerAddress;
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light,
        });
        context.SetDefaultTimeout(15_000);
        // The suite runs the server, several browsers and the other tests on two cores: a condition that holds may take
        // longer than Playwright's default 5 s to show. One that never holds still fails.
        Assertions.SetDefaultExpectTimeout(15_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => _console.Enqueue($"[{who}] {message.Type}: {message.Text}");
        page.PageError += (_, error) => _console.Enqueue($"[{who}] page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _console.Enqueue($"[{who}] HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };
        _pages.Add((who, page));
        return page;
    }

    /// <summary>The same person on another device (a phone, say): a new context with <paramref name="signedIn"/>'s cookies.</summary>
    protected async Task<IPage> OpenSameUserAsync(IPage signedIn, string who, int width, int height)
    {
        var page = await OpenBrowserAsync(who, width, height);
        await page.Context.AddCookiesAsync((await signedIn.Context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        return page;
    }

    /// <summary>Signs in through the development sign-in form and waits for the chat to be live.</summary>
    protected async Task<IPage> SignInAsync(string displayName, int width = 1280, int height = 800, bool dark = false)
    {
        var page = await OpenBrowserAsync(displayName, width, height, dark: dark);
        await page.GotoAsync("/signin/dev");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Display name" }).FillAsync(displayName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/chat");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Message" })).ToBeEnabledAsync();
        return page;
    }

    /// <summary>The message whose row holds <paramref name="text"/>, in the page's message log.</summary>
    protected static ILocator Message(IPage page, string text) =>
        page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByRole(AriaRole.Article).Filter(new() { HasText = text });

    /// <summary>Types <paramref name="text"/> into the composer, sends it, and waits until it shows in the log.</summary>
    protected static async Task SendAsync(IPage page, string text)
    {
        var composer = page.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        await composer.FillAsync(text);
        await composer.PressAsync("Enter");
        await Assertions.Expect(Message(page, text)).ToBeVisibleAsync();
    }

    protected static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(BrowserFixture.ArtifactsFolder, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            var folder = Path.Combine(BrowserFixture.ArtifactsFolder, "failures", TestContext.Current.Test?.TestDisplayName.Split('(')[0] ?? "unknown");
            Directory.CreateDirectory(folder);
            foreach (var (name, page) in _pages)
            {
                try
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
                }
                catch (PlaywrightException)
                {
                    // The page may already be gone; the console log below still tells what happened.
                }
            }

            await File.WriteAllLinesAsync(Path.Combine(folder, "console.log"), _console);
        }

        foreach (var (_, page) in _pages)
        {
            await page.Context.CloseAsync();
        }

        await App.DisposeAsync();
        await DisposeDependenciesAsync();
    }
}

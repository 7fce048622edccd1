using Microsoft.Playwright;

namespace LetsChat.Tests.Support;

/// <summary>
/// Debian's Chromium, driven by Playwright, shared by the browser tests of a run. Playwright's own browser download
/// does not work on these machines; the flags keep Chromium off the network it cannot reach.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where screenshots go: the README's pictures and the failure evidence.</summary>
    public static string ArtifactsFolder { get; } =
        Environment.GetEnvironmentVariable("LETSCHAT_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException("Chromium is not installed at /usr/bin/chromium. Install Debian's chromium package (./test.sh does it).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

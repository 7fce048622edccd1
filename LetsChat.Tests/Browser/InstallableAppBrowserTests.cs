using LetsChat.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>The browser finds the manifest and runs the service worker, which leaves the live page working.</summary>
public sealed class InstallableAppBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task The_service_worker_is_registered_for_the_whole_site_and_the_page_links_the_manifest()
    {
        var page = await SignInAsync("Ada");
        await Expect(page.GetByRole(AriaRole.Log, new() { Name = "Messages" })).ToBeVisibleAsync();

        var worker = await page.EvaluateAsync<string>("navigator.serviceWorker.ready.then(r => r.active.scriptURL + ' ' + r.scope)");

        worker.ShouldBe($"{new Uri(page.Url).GetLeftPart(UriPartial.Authority)}/sw.js {new Uri(page.Url).GetLeftPart(UriPartial.Authority)}/");
        await Expect(page.Locator("link[rel=manifest]")).ToHaveAttributeAsync("href", "/manifest.webmanifest");
        var manifest = await page.APIRequest.GetAsync("/manifest.webmanifest");
        manifest.Ok.ShouldBeTrue();

        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).FillAsync("still live with the worker");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Log, new() { Name = "Messages" }).GetByText("still live with the worker")).ToBeVisibleAsync();
    }
}

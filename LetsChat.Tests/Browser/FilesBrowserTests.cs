using LetsChat.Tests.Profiles;
using LetsChat.Tests.Support;
using Microsoft.Playwright;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace LetsChat.Tests.Browser;

/// <summary>Files in the public room: attached with the button, pasted and dropped; thumbnails, the viewer and a file card.</summary>
public sealed class FilesBrowserTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData(375, 740)]
    [InlineData(1280, 800)]
    public async Task Pictures_and_files_are_attached_pasted_and_dropped_and_pictures_open_in_the_viewer(int width, int height)
    {
        var alice = await SignInAsync("Alice", width, height);
        var bob = await SignInAsync("Bob", width, height);
        var composer = alice.GetByRole(AriaRole.Textbox, new() { Name = "Message" });
        var tray = alice.GetByRole(AriaRole.List, new() { Name = "Files to send" });

        // The button: two pictures chosen in the file picker, each shown in the tray once it is in; a caption goes with them.
        var chooser = await alice.RunAndWaitForFileChooserAsync(() => alice.GetByRole(AriaRole.Button, new() { Name = "Attach files" }).ClickAsync());
        await chooser.SetFilesAsync([
            new FilePayload { Name = "beach.jpg", MimeType = "image/jpeg", Buffer = TestImages.Encode(SKEncodedImageFormat.Jpeg, 1600, 1000) },
            new FilePayload { Name = "tower.png", MimeType = "image/png", Buffer = TestImages.Encode(SKEncodedImageFormat.Png, 600, 900) },
        ]);
        await Expect(tray.GetByRole(AriaRole.Button, new() { Name = "Remove beach.jpg" })).ToBeVisibleAsync();
        await Expect(tray.GetByRole(AriaRole.Button, new() { Name = "Remove tower.png" })).ToBeVisibleAsync();
        await composer.FillAsync("Holiday pictures");
        await ScreenshotAsync(alice, $"files-composer-{width}");
        await composer.PressAsync("Enter");
        await Expect(tray).ToHaveCountAsync(0);

        // Bob sees both thumbnails, loaded, at the size the markup gave them before they loaded.
        var holiday = MessageWithBody(bob, "Holiday pictures");
        var thumbnails = holiday.Locator(".msg-image img");
        await Expect(thumbnails).ToHaveCountAsync(2);
        await Expect(thumbnails.First).ToHaveAttributeAsync("width", "320");
        await Expect(thumbnails.First).ToHaveAttributeAsync("height", "200");
        await Expect(thumbnails.First).ToHaveJSPropertyAsync("naturalWidth", 400);
        await Expect(thumbnails.Nth(1)).ToHaveJSPropertyAsync("naturalHeight", 400);
        await ScreenshotAsync(bob, $"files-pictures-{width}");

        // The viewer: opens at the picture clicked, the arrows move, Esc closes and the focus goes back.
        await thumbnails.First.ClickAsync();
        var viewer = bob.GetByRole(AriaRole.Dialog, new() { Name = "Image viewer" });
        await Expect(viewer).ToBeVisibleAsync();
        await Expect(viewer.Locator("figcaption")).ToContainTextAsync("beach.jpg 1 of 2");
        await Expect(viewer.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 1600);
        await bob.Keyboard.PressAsync("ArrowRight");
        await Expect(viewer.Locator("figcaption")).ToContainTextAsync("tower.png 2 of 2");
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Next image" })).ToBeHiddenAsync();
        await Expect(viewer.Locator("img")).ToHaveJSPropertyAsync("naturalHeight", 900);
        await ScreenshotAsync(bob, $"files-viewer-{width}");
        await bob.Keyboard.PressAsync("ArrowLeft");
        await Expect(viewer.Locator("figcaption")).ToContainTextAsync("beach.jpg 1 of 2");
        await bob.Keyboard.PressAsync("Escape");
        await Expect(viewer).ToBeHiddenAsync();
        await Expect(holiday.Locator(".msg-image").First).ToBeFocusedAsync();

        // Paste: a picture on the clipboard becomes a file; a message of a file alone needs no text.
        await composer.FocusAsync();
        await composer.EvaluateAsync(
            """
            (box, bytes) => {
              const data = new DataTransfer();
              data.items.add(new File([new Uint8Array(bytes)], "image.png", { type: "image/png" }));
              box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """, TestImages.Encode(SKEncodedImageFormat.Png, 300, 200).Select(b => (int)b).ToArray());
        await Expect(tray.GetByRole(AriaRole.Button, new() { Name = "Remove image.png" })).ToBeVisibleAsync();
        await composer.PressAsync("Enter");
        await Expect(bob.Locator("article.msg .msg-image img[alt='image.png']")).ToHaveJSPropertyAsync("naturalWidth", 300);

        // Drop: a PDF dragged onto the room shows where it goes, lands in the tray, and arrives as a card to download.
        var room = alice.Locator(".chat-room");
        var files = await alice.EvaluateHandleAsync(
            """
            () => {
              const data = new DataTransfer();
              data.items.add(new File(["%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"], "minutes.pdf", { type: "application/pdf" }));
              return data;
            }
            """);
        await alice.Locator(".message-log").DispatchEventAsync("dragover", new { dataTransfer = files });
        await Expect(room).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("dropping"));
        await ScreenshotAsync(alice, $"files-dropping-{width}");
        await alice.Locator(".message-log").DispatchEventAsync("drop", new { dataTransfer = files });
        await Expect(room).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("dropping"));
        await Expect(tray.GetByRole(AriaRole.Button, new() { Name = "Remove minutes.pdf" })).ToBeVisibleAsync();
        await composer.FillAsync("The minutes");
        await composer.PressAsync("Enter");
        var card = MessageWithBody(bob, "The minutes").Locator("a.msg-file");
        await Expect(card).ToContainTextAsync("minutes.pdf");
        await Expect(card).ToHaveAttributeAsync("download", "");
        var download = await bob.RunAndWaitForDownloadAsync(() => card.ClickAsync());
        download.SuggestedFilename.ShouldBe("minutes.pdf");
    }

    // Matched on the body alone, not on the names in the message's file cards.
    private static ILocator MessageWithBody(IPage page, string text) =>
        page.Locator("article.msg").Filter(new() { Has = page.Locator(".msg-body", new() { HasText = text }) });
}

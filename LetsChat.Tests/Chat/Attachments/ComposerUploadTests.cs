using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.Attachments;
using LetsChat.Tests.Support;
using Microsoft.JSInterop;

namespace LetsChat.Tests.Chat.Attachments;

/// <summary>
/// The composer's files as the page's script reports them (files.js calls <see cref="ComposerFiles"/>): progress bars,
/// cancelling, refusals, and a message that waits for its files.
/// </summary>
public sealed class ComposerUploadTests : ComponentTest
{
    private readonly List<ComposedMessage> _sent = [];

    private (IRenderedComponent<Composer> Composer, ComposerFiles Files) RenderComposer()
    {
        var composer = Render<Composer>(p => p.Add(c => c.UploadUrl, "/rooms/7/files").Add(c => c.OnSend, message => _sent.Add(message)));
        var registered = JSInterop.Invocations["letsChat.registerUploads"].ShouldHaveSingleItem();
        return (composer, ((DotNetObjectReference<ComposerFiles>)registered.Arguments[1]!).Value);
    }

    private static UploadedFileInfo Stored(long id, string name, bool isImage = false) =>
        new(id, name, isImage ? "image/webp" : "application/pdf", isImage, 1000, isImage ? 640 : null, isImage ? 480 : null);

    [Fact]
    public async Task Each_file_shows_its_progress_and_a_message_sent_meanwhile_goes_when_the_last_is_in()
    {
        var (composer, files) = RenderComposer();
        composer.Find("form").GetAttribute("data-upload-url").ShouldBe("/rooms/7/files");
        composer.Find("button[aria-label='Attach files']").ShouldNotBeNull();

        await composer.InvokeAsync(() => files.Started(1, "plan.pdf", 1000, null).ShouldBeNull());
        await composer.InvokeAsync(() => files.Started(2, "cat.png", 4000, "blob:preview-2").ShouldBeNull());
        await composer.InvokeAsync(() => files.Progress(2, 1000));
        var bar = composer.Find("[role=progressbar][aria-label='Uploading cat.png']");
        bar.GetAttribute("aria-valuenow").ShouldBe("25");
        composer.Find(".upload img").GetAttribute("src").ShouldBe("blob:preview-2");

        composer.Find("textarea").Input("The plan");
        await composer.Find("form").SubmitAsync();
        _sent.ShouldBeEmpty();
        composer.Find("[role=status]").TextContent.ShouldBe("Sends when every file is in…");

        await composer.InvokeAsync(() => files.Uploaded(1, Stored(11, "plan.pdf")));
        _sent.ShouldBeEmpty();
        composer.FindAll("[role=progressbar]").Count.ShouldBe(1);
        await composer.InvokeAsync(() => files.Uploaded(2, Stored(12, "cat.png", isImage: true)));

        var sent = _sent.ShouldHaveSingleItem();
        sent.Text.ShouldBe("The plan");
        sent.Files.Select(f => (f.Id, f.Name, f.IsImage)).ShouldBe([(11, "plan.pdf", false), (12, "cat.png", true)]);
        composer.FindAll(".upload-tray").ShouldBeEmpty();
        JSInterop.Invocations["letsChat.dropUploads"].Last().Arguments[0].ShouldBe(new[] { 1, 2 });
    }

    [Fact]
    public async Task Cancel_stops_an_upload_and_Remove_forgets_an_upload_that_is_in()
    {
        var (composer, files) = RenderComposer();
        await composer.InvokeAsync(() => files.Started(1, "big.zip", 10_000_000, null));
        await composer.InvokeAsync(() => files.Started(2, "notes.txt", 1000, null));
        await composer.InvokeAsync(() => files.Uploaded(2, Stored(22, "notes.txt")));

        await composer.Find("button[aria-label='Cancel big.zip']").ClickAsync();
        JSInterop.Invocations["letsChat.dropUploads"].Last().Arguments[0].ShouldBe(new[] { 1 });
        Uploads.Discarded.ShouldBeEmpty(); // nothing arrived to forget

        await composer.Find("button[aria-label='Remove notes.txt']").ClickAsync();
        Uploads.Discarded.ShouldBe([22]);
        composer.FindAll(".upload-tray").ShouldBeEmpty();

        // A report about a file no longer in the composer changes nothing.
        await composer.InvokeAsync(() => files.Uploaded(1, Stored(21, "big.zip")));
        composer.FindAll(".upload-tray").ShouldBeEmpty();
    }

    [Fact]
    public async Task Too_many_too_large_or_empty_files_are_refused_before_uploading_and_a_failed_one_blocks_the_send()
    {
        var (composer, files) = RenderComposer();

        (await composer.InvokeAsync(() => files.Started(1, "huge.zip", Uploads.Limits.MaxFileBytes + 1, null))).ShouldBe("huge.zip: Files can be at most 25 MB.");
        composer.Find("[role=alert]").TextContent.ShouldBe("huge.zip: Files can be at most 25 MB.");
        (await composer.InvokeAsync(() => files.Started(2, "empty.txt", 0, null))).ShouldBe("empty.txt is empty.");
        for (var i = 0; i < MessageRules.MaxFiles; i++)
        {
            (await composer.InvokeAsync(() => files.Started(10 + i, $"f{i}.txt", 10, null))).ShouldBeNull();
        }

        (await composer.InvokeAsync(() => files.Started(99, "one-more.txt", 10, null))).ShouldBe(MessageRules.TooManyFiles);
        composer.FindAll(".upload").Count.ShouldBe(MessageRules.MaxFiles);

        await composer.InvokeAsync(() => files.Failed(10, "This type of file cannot be shared here."));
        composer.Find(".upload.failed [role=alert]").TextContent.ShouldBe("This type of file cannot be shared here.");
        for (var i = 1; i < MessageRules.MaxFiles; i++)
        {
            var id = 10 + i;
            await composer.InvokeAsync(() => files.Uploaded(id, Stored(id, $"f{i}.txt")));
        }

        await composer.Find("form").SubmitAsync();
        _sent.ShouldBeEmpty();
        composer.Find(".composer-error").TextContent.ShouldBe(Composer.FailedFiles);

        await composer.Find("button[aria-label='Remove f0.txt']").ClickAsync();
        await composer.Find("form").SubmitAsync();
        _sent.ShouldHaveSingleItem().Files.Count.ShouldBe(MessageRules.MaxFiles - 1);
        _sent[0].Text.ShouldBe(string.Empty);
    }
}

using System.Net.Http.Json;
using System.Text;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Server.Files;
using LetsChat.Tests.Profiles;
using SkiaSharp;

namespace LetsChat.Tests.Files;

/// <summary>An animated GIF is kept moving, without what it carries besides its frames; the room shows it still with a play mark.</summary>
public sealed class GifMetadataTests
{
    private static byte[] WithMetadata(byte[] gif) =>
    [
        .. gif[..^1],
        0x21, 0xFE, 15, .. "secret location"u8, 0, // a comment
        0x21, 0xFF, 11, .. "XMP DataXMP"u8, 9, .. "<x:xmpme>"u8, 0, // an editor's XMP
        0x3B,
    ];

    [Fact]
    public void Comments_and_foreign_application_blocks_go_and_the_frames_and_looping_stay()
    {
        var gif = TestImages.Gif(frames: 3);

        var stripped = GifMetadata.Strip(WithMetadata(gif)).ShouldNotBeNull();

        stripped.ShouldBe(gif);
        Encoding.Latin1.GetString(stripped).ShouldContain("NETSCAPE2.0");
        using var codec = SKCodec.Create(new MemoryStream(stripped));
        codec.FrameCount.ShouldBe(3);
    }

    [Theory]
    [InlineData(0)] // not a GIF
    [InlineData(1)] // cut short: no trailer
    [InlineData(2)] // a block that is none of a GIF's
    public void A_malformed_GIF_is_refused(int damage)
    {
        var gif = TestImages.Gif(frames: 2);
        byte[] damaged = damage switch
        {
            0 => [.. "GIF10a"u8, .. gif[6..]],
            1 => gif[..^3],
            _ => [.. gif[..^1], 0x99, 0x3B],
        };

        GifMetadata.Strip(damaged).ShouldBeNull();
    }

    [Fact]
    public async Task An_uploaded_animation_is_served_as_a_stripped_GIF_with_a_still_WebP_thumbnail_marked_to_play()
    {
        await using var app = new Support.LetsChatApp();
        var browser = app.CreateBrowserLikeClient();
        await Support.DevSignInClient.SignInAsync(browser, "Alice");
        var upload = await Support.FileUploadClient.UploadAsync(browser, Server.Rooms.Room.PublicRoomId, "dance.gif", WithMetadata(TestImages.Gif(frames: 4)));
        var file = (await upload.Content.ReadFromJsonAsync<UploadedFile>())!;

        file.ContentType.ShouldBe("image/gif");
        var served = await browser.GetByteArrayAsync($"/files/{file.Id}/dance.gif");
        served.ShouldBe(TestImages.Gif(frames: 4));
        (await browser.GetAsync($"/files/{file.Id}/thumbnail")).Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
        var row = MessageRowMarkup.AttachmentsHtml([new ChatAttachment(file.Id, file.FileName, file.ContentType, true, file.Length, file.Width, file.Height)]);
        row.ShouldContain("class=\"msg-image animated\"");
        row.ShouldContain("▶ GIF");
    }
}

using System.Text;
using LetsChat.Server.Files;
using LetsChat.Tests.Profiles;
using SkiaSharp;

namespace LetsChat.Tests.Files;

/// <summary>The one image pipeline (avatars and pictures in messages): metadata gone, the picture upright, sizes bounded.</summary>
public sealed class ImagePipelineTests
{
    [Fact]
    public void A_photo_loses_its_EXIF_and_GPS_and_is_turned_upright_as_the_camera_said()
    {
        // 300 × 100 as stored, with EXIF orientation 6 (turn 90° clockwise) and a location.
        var photo = WithExif(TestImages.Encode(SKEncodedImageFormat.Jpeg, 300, 100), orientation: 6, note: "GPSLatitude 48.8584 N, GPSLongitude 2.2945 E");

        var (image, refusal) = ImagePipeline.Reencode(photo, new ImageFit.Within(2048));

        refusal.ShouldBeNull();
        (image!.Width, image.Height).ShouldBe((100, 300));
        var bytes = Encoding.Latin1.GetString(image.Webp);
        bytes.ShouldNotContain("Exif");
        bytes.ShouldNotContain("GPS");
        bytes.ShouldStartWith("RIFF");
        using var codec = SKCodec.Create(new MemoryStream(image.Webp));
        (codec.Info.Width, codec.Info.Height, codec.EncodedOrigin).ShouldBe((100, 300, SKEncodedOrigin.TopLeft));
    }

    [Theory]
    [InlineData(4000, 3000, 2048, 2000, 1500)] // a JPEG decodes at 1/2 rather than whole: a little under the limit
    [InlineData(3000, 4000, 400, 300, 400)]
    [InlineData(2000, 1000, 2048, 2000, 1000)]
    [InlineData(120, 80, 400, 120, 80)]
    public void A_picture_is_scaled_down_to_fit_and_keeps_its_aspect_ratio(int width, int height, int maxSide, int expectedWidth, int expectedHeight)
    {
        var (image, _) = ImagePipeline.Reencode(TestImages.Encode(SKEncodedImageFormat.Jpeg, width, height), new ImageFit.Within(maxSide));

        (image!.Width, image.Height).ShouldBe((expectedWidth, expectedHeight));
    }

    [Fact]
    public void A_4K_screenshot_in_PNG_is_averaged_down_as_its_rows_are_read_and_keeps_its_colours()
    {
        var (image, refusal) = ImagePipeline.Reencode(TestImages.Encode(SKEncodedImageFormat.Png, 3840, 2160), new ImageFit.Within(2048));

        refusal.ShouldBeNull();
        (image!.Width, image.Height).ShouldBe((1920, 1080)); // halved as read: a little under the limit, as a JPEG's 1/2
        using var decoded = SKBitmap.Decode(image.Webp);
        Near(decoded.GetPixel(960, 540), SKColors.Orange).ShouldBeTrue();
        Near(decoded.GetPixel(20, 20), SKColors.SteelBlue).ShouldBeTrue();
    }

    [Fact]
    public void A_23_megapixel_bomb_within_the_limits_is_read_by_rows_not_whole()
    {
        // 4800² greyscale pixels in a few kilobytes: 92 MB as a whole bitmap; read 3 rows at a time it needs 58 KB of rows.
        var (image, refusal) = ImagePipeline.Reencode(TestImages.DecompressionBomb(side: 4800), new ImageFit.Within(2048));

        refusal.ShouldBeNull();
        (image!.Width, image.Height).ShouldBe((1600, 1600));
    }

    private static bool Near(SKColor actual, SKColor expected) =>
        Math.Abs(actual.Red - expected.Red) < 12 && Math.Abs(actual.Green - expected.Green) < 12 && Math.Abs(actual.Blue - expected.Blue) < 12;

    [Fact]
    public void A_bomb_is_refused_from_its_header()
    {
        ImagePipeline.Reencode(TestImages.DecompressionBomb(side: 12_000), new ImageFit.Within(2048)).Refusal.ShouldBe(ImagePipeline.TooManyPixels);
        ImagePipeline.Reencode("%PDF-1.7 not a picture"u8.ToArray(), new ImageFit.Within(2048)).Refusal.ShouldBe(ImagePipeline.NotAPicture);
    }

    // An APP1 segment right after the JPEG's start: "Exif", a TIFF header, one IFD entry (Orientation), then a note.
    private static byte[] WithExif(byte[] jpeg, ushort orientation, string note)
    {
        var tiff = new List<byte>();
        tiff.AddRange("Exif\0\0"u8.ToArray());
        tiff.AddRange([0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]);
        tiff.AddRange([0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, (byte)orientation, 0x00, 0x00, 0x00]);
        tiff.AddRange([0x00, 0x00, 0x00, 0x00]);
        tiff.AddRange(Encoding.ASCII.GetBytes(note));
        var length = tiff.Count + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. tiff, .. jpeg[2..]];
    }
}

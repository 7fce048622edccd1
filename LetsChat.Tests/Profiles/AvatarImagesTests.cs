using LetsChat.Server.Profiles;
using SkiaSharp;

namespace LetsChat.Tests.Profiles;

public sealed class AvatarImagesTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 640, 480)]
    [InlineData(SKEncodedImageFormat.Jpeg, 300, 900)]
    [InlineData(SKEncodedImageFormat.Webp, 256, 256)]
    [InlineData(SKEncodedImageFormat.Png, 40, 30)]
    public void Pictures_are_re_encoded_as_a_256_px_WebP_square(SKEncodedImageFormat format, int width, int height)
    {
        var upload = TestImages.Encode(format, width, height);

        var result = AvatarImages.Process(upload);

        result.Refusal.ShouldBeNull();
        AssertSquareWebp(result);
        result.Webp.ShouldNotBe(upload);
        result.Hash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(result.Webp!)));
    }

    [Fact]
    public void A_GIF_is_accepted_and_its_first_frame_becomes_the_picture()
    {
        var result = AvatarImages.Process(TestImages.Gif(frames: 3));

        result.Refusal.ShouldBeNull();
        AssertSquareWebp(result);
    }

    [Fact]
    public void A_renamed_executable_is_refused()
    {
        var executable = new byte[4096];
        "MZ"u8.CopyTo(executable);
        "This program cannot be run in DOS mode."u8.CopyTo(executable.AsSpan(78));

        AvatarImages.Process(executable).ShouldBe(new AvatarImages.Result(null, null, AvatarImages.NotAPicture));
    }

    [Fact]
    public void A_file_that_only_starts_like_a_picture_is_refused()
    {
        byte[] fake = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[500]];

        AvatarImages.Process(fake).Refusal.ShouldBe(AvatarImages.NotAPicture);
    }

    [Fact]
    public async Task A_20_MB_file_is_refused_without_reading_it_all()
    {
        var upload = new CountingStream(new byte[20 * 1024 * 1024]);

        var result = await AvatarImages.ReadAsync(upload, TestContext.Current.CancellationToken);

        result.Refusal.ShouldBe(LetsChat.Components.Profiles.IProfileService.PictureTooLarge);
        upload.BytesRead.ShouldBeLessThanOrEqualTo(AvatarImages.MaxBytes + 1);
    }

    [Fact]
    public void A_decompression_bomb_is_refused_before_it_is_decoded()
    {
        var bomb = TestImages.DecompressionBomb(side: 12_000);
        bomb.Length.ShouldBeLessThan((int)AvatarImages.MaxBytes);

        AvatarImages.Process(bomb).Refusal.ShouldBe(AvatarImages.TooManyPixels);
    }

    [Fact]
    public void A_GIF_with_1000_frames_is_refused()
    {
        var gif = TestImages.Gif(frames: 1000);

        AvatarImages.Process(gif).Refusal.ShouldBe(AvatarImages.TooManyFrames);
    }

    private static void AssertSquareWebp(AvatarImages.Result result)
    {
        result.Webp.ShouldNotBeNull();
        using var codec = SKCodec.Create(new MemoryStream(result.Webp));
        codec.EncodedFormat.ShouldBe(SKEncodedImageFormat.Webp);
        codec.Info.Width.ShouldBe(256);
        codec.Info.Height.ShouldBe(256);
    }

    private sealed class CountingStream(byte[] content) : MemoryStream(content)
    {
        public long BytesRead { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }
    }
}

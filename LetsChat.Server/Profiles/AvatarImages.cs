using LetsChat.Components.Profiles;
using System.Security.Cryptography;
using SkiaSharp;

namespace LetsChat.Server.Profiles;

/// <summary>
/// Uploaded pictures, checked by their content and re-encoded: only PNG, JPEG, WebP and GIF, within a size, a pixel
/// count and a frame count, decoded and drawn afresh as a 256 px WebP square, so no uploaded byte is ever served.
/// </summary>
public static class AvatarImages
{
    public const int Size = 256;
    public const long MaxBytes = 2 * 1024 * 1024;
    /// <summary>Sides and pixel counts beyond these are refused before decoding: a small file must not become gigabytes.</summary>
    public const int MaxSide = 8000;
    public const long MaxPixels = 24_000_000;
    /// <summary>Animated GIFs are accepted (their first frame becomes the picture) up to this many frames.</summary>
    public const int MaxFrames = 100;

    public const string NotAPicture = "This file is not a PNG, JPEG, WebP or GIF picture.";
    public const string TooManyPixels = "This picture is too large in pixels; use one at most 8000 px on a side.";
    public const string TooManyFrames = "This animation has too many frames; use a still picture.";
    public const string Unreadable = "This picture could not be read; it may be damaged.";

    /// <summary>PNG and GIF cannot be decoded scaled down, so they are decoded whole only up to this many pixels (16 MB).</summary>
    public const long MaxWholeDecodePixels = 4_000_000;

    public const string TooLargeToRead = "This PNG or GIF is too large in pixels to read; use a JPEG or WebP, or one at most 2000 × 2000 px.";

    public sealed record Result(byte[]? Webp, string? Hash, string? Refusal);

    /// <summary>Reads at most one byte more than allowed, so an oversized upload is refused without reading it all.</summary>
    public static async Task<Result> ReadAsync(Stream upload, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await upload.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return new Result(null, null, IProfileService.PictureTooLarge);
        }

        // Decoding is CPU and memory: a few at a time for the whole server, on the thread pool, never on a circuit's thread.
        await Decodes.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Process(buffer.AsSpan(0, length)), cancellationToken);
        }
        finally
        {
            Decodes.Release();
        }
    }

    /// <summary>How many pictures the server decodes at once; the others wait their turn.</summary>
    public const int MaxConcurrentDecodes = 2;

    private static readonly SemaphoreSlim Decodes = new(MaxConcurrentDecodes, MaxConcurrentDecodes);

    public static Result Process(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            return Refused(IProfileService.PictureTooLarge);
        }

        if (Sniff(bytes) is not { } expected)
        {
            return Refused(NotAPicture);
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != expected)
        {
            return Refused(NotAPicture);
        }

        var info = codec.Info;
        if (info.Width < 1 || info.Height < 1)
        {
            return Refused(Unreadable);
        }

        if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
        {
            return Refused(TooManyPixels);
        }

        if (codec.FrameCount > MaxFrames)
        {
            return Refused(TooManyFrames);
        }

        // Decoded at the smallest size the codec offers that still covers the 256 px square (JPEG and WebP decode at
        // 1/2, 1/4, 1/8): a 24 MP photo costs a few megabytes, not 96.
        var scaled = codec.GetScaledDimensions(Math.Min(1f, (float)Size / Math.Min(info.Width, info.Height)));
        if (scaled.Width < Size || scaled.Height < Size || scaled.Width > info.Width)
        {
            scaled = new SKSizeI(info.Width, info.Height);
        }

        // A codec that cannot scale (PNG, GIF) would decode a giant picture at full size: only small ones are read.
        if ((long)scaled.Width * scaled.Height > MaxWholeDecodePixels)
        {
            return Refused(TooLargeToRead);
        }

        using var decoded = new SKBitmap(new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var status = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (status is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return Refused(Unreadable);
        }

        var side = Math.Min(scaled.Width, scaled.Height);
        var source = SKRectI.Create((scaled.Width - side) / 2, (scaled.Height - side) / 2, side, side);
        using var surface = SKSurface.Create(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var image = SKImage.FromBitmap(decoded);
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.DrawImage(image, source, SKRect.Create(Size, Size), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var webp = snapshot.Encode(SKEncodedImageFormat.Webp, 85);
        if (webp is null)
        {
            return Refused(Unreadable);
        }

        var output = webp.ToArray();
        return new Result(output, Convert.ToHexStringLower(SHA256.HashData(output)), null);
    }

    public static bool IsHash(string? text) =>
        text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static Result Refused(string reason) => new(null, null, reason);

    // The kind of picture the first bytes say it is; a name or a declared type is never trusted.
    private static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> b) =>
        b.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? SKEncodedImageFormat.Png
        : b.StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? SKEncodedImageFormat.Jpeg
        : b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8) ? SKEncodedImageFormat.Gif
        : b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? SKEncodedImageFormat.Webp
        : null;
}

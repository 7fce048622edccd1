using SkiaSharp;

namespace LetsChat.Server.Files;

/// <summary>How a picture is fitted: cropped to a square (avatars), or scaled down to fit a side (pictures in messages).</summary>
public abstract record ImageFit
{
    public sealed record Square(int Side) : ImageFit;

    public sealed record Within(int MaxSide) : ImageFit;
}

/// <summary>A picture drawn afresh as WebP: no byte of the upload (EXIF, GPS, comments, colour profiles) is kept.</summary>
/// <param name="Frames">How many frames the upload had (an animated GIF has more than one; the WebP is its first).</param>
public sealed record ReencodedImage(byte[] Webp, int Width, int Height, int Frames = 1);

/// <summary>
/// The one image pipeline, for avatars and for pictures in messages. Only PNG, JPEG, WebP and GIF, recognised by their
/// content; sides, pixels and frames checked from the header before anything is decoded; decoded at the smallest size
/// the codec offers that still covers the result (JPEG and WebP decode at 1/2, 1/4, 1/8), so a 24 MP photo costs a
/// few megabytes, not 96; turned upright as the camera said; then drawn and encoded as WebP.
/// </summary>
public static class ImagePipeline
{
    /// <summary>Sides and pixel counts beyond these are refused before decoding: a small file must not become gigabytes.</summary>
    public const int MaxSide = 8000;
    public const long MaxPixels = 24_000_000;

    /// <summary>Animated GIFs are read (their first frame) up to this many frames.</summary>
    public const int MaxFrames = 100;

    /// <summary>PNG cannot be decoded scaled down: decoded whole up to this many pixels (16 MB); a larger PNG is averaged down as it is read.</summary>
    public const long MaxWholeDecodePixels = 4_000_000;

    public const string NotAPicture = "This file is not a PNG, JPEG, WebP or GIF picture.";
    public const string TooManyPixels = "This picture is too large in pixels; use one at most 8000 px on a side.";
    public const string TooManyFrames = "This animation has too many frames; use a still picture.";
    public const string Unreadable = "This picture could not be read; it may be damaged.";
    public const string TooLargeToRead = "This picture is too large in pixels to read as it is saved; save it as a JPEG or a non-interlaced PNG, or make it at most 2000 × 2000 px.";

    /// <summary>How many pictures the server decodes at once; the others wait their turn (decoding is CPU and memory).</summary>
    public const int MaxConcurrentDecodes = 2;

    private static readonly SemaphoreSlim Decodes = new(MaxConcurrentDecodes, MaxConcurrentDecodes);

    /// <summary>Re-encodes on the thread pool, a few at a time for the whole server, never on a circuit's or request's thread.</summary>
    public static async Task<(ReencodedImage? Image, string? Refusal)> ReencodeAsync(ReadOnlyMemory<byte> bytes, ImageFit fit, CancellationToken cancellationToken)
    {
        await Decodes.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Reencode(bytes, fit), cancellationToken);
        }
        finally
        {
            Decodes.Release();
        }
    }

    public static (ReencodedImage? Image, string? Refusal) Reencode(ReadOnlyMemory<byte> bytes, ImageFit fit)
    {
        if (Sniff(bytes.Span) is not { } expected)
        {
            return (null, NotAPicture);
        }

        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != expected)
        {
            return (null, NotAPicture);
        }

        var info = codec.Info;
        if (info.Width < 1 || info.Height < 1)
        {
            return (null, Unreadable);
        }

        if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
        {
            return (null, TooManyPixels);
        }

        if (codec.FrameCount > MaxFrames)
        {
            return (null, TooManyFrames);
        }

        // The result's size, and the smallest decode that still covers it.
        var upright = Upright(new SKSizeI(info.Width, info.Height), codec.EncodedOrigin);
        var (target, cover) = fit switch
        {
            ImageFit.Square square => (new SKSizeI(square.Side, square.Side), (float)square.Side / Math.Min(info.Width, info.Height)),
            ImageFit.Within within => Within(upright, within.MaxSide),
            _ => throw new ArgumentOutOfRangeException(nameof(fit)),
        };
        var scaled = codec.GetScaledDimensions(Math.Min(1f, cover));
        if (scaled.Width > info.Width || scaled.Width < 1 || scaled.Height < 1)
        {
            scaled = new SKSizeI(info.Width, info.Height);
        }

        if (fit is ImageFit.Square && Math.Min(scaled.Width, scaled.Height) < target.Width)
        {
            scaled = new SKSizeI(info.Width, info.Height); // a square avatar needs its side in full
        }

        // A codec that cannot scale (PNG) would decode a giant picture at full size: a large PNG is averaged down as its
        // rows are read instead; one that cannot be read by rows (interlaced) is refused.
        SKBitmap decoded;
        if ((long)scaled.Width * scaled.Height <= MaxWholeDecodePixels)
        {
            decoded = new SKBitmap(new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            if (codec.GetPixels(decoded.Info, decoded.GetPixels()) is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            {
                decoded.Dispose();
                return (null, Unreadable);
            }
        }
        else if (codec.EncodedFormat == SKEncodedImageFormat.Png
            && RowAveragingDecoder.Decode(bytes, RowAveragingDecoder.Factor(info, MaxWholeDecodePixels, cover)) is { } averaged)
        {
            decoded = averaged;
            scaled = new SKSizeI(averaged.Width, averaged.Height);
        }
        else
        {
            return (null, TooLargeToRead);
        }

        using var _ = decoded;
        if (fit is ImageFit.Within && Upright(scaled, codec.EncodedOrigin) is var decodedUpright
            && (decodedUpright.Width < target.Width || decodedUpright.Height < target.Height))
        {
            // Decoded at the codec's nearest smaller scale (a JPEG's 1/2, say) or averaged down by a whole factor,
            // rather than at full size: the picture comes out a little under the limit instead.
            target = decodedUpright;
        }

        using var image = SKImage.FromBitmap(decoded);
        using var surface = SKSurface.Create(new SKImageInfo(target.Width, target.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        Orient(canvas, codec.EncodedOrigin, target);
        var drawn = Upright(target, codec.EncodedOrigin);
        var source = fit is ImageFit.Square
            ? SKRectI.Create((scaled.Width - Math.Min(scaled.Width, scaled.Height)) / 2, (scaled.Height - Math.Min(scaled.Width, scaled.Height)) / 2, Math.Min(scaled.Width, scaled.Height), Math.Min(scaled.Width, scaled.Height))
            : SKRectI.Create(0, 0, scaled.Width, scaled.Height);
        canvas.DrawImage(image, source, SKRect.Create(drawn.Width, drawn.Height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var webp = snapshot.Encode(SKEncodedImageFormat.Webp, 85);
        return webp is null ? (null, Unreadable) : (new ReencodedImage(webp.ToArray(), target.Width, target.Height, Math.Max(1, codec.FrameCount)), null);
    }

    // A size as shown once turned as the camera said (sides swapped for a quarter turn); the same function turns it back.
    private static SKSizeI Upright(SKSizeI size, SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.RightTop or SKEncodedOrigin.LeftBottom or SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightBottom
            ? new SKSizeI(size.Height, size.Width)
            : size;

    private static (SKSizeI Target, float Cover) Within(SKSizeI upright, int maxSide)
    {
        var scale = Math.Min(1f, (float)maxSide / Math.Max(upright.Width, upright.Height));
        return (new SKSizeI(Math.Max(1, (int)Math.Round(upright.Width * scale)), Math.Max(1, (int)Math.Round(upright.Height * scale))), scale);
    }

    // The camera's orientation (EXIF) applied by the canvas: the picture is drawn as it was held.
    private static void Orient(SKCanvas canvas, SKEncodedOrigin origin, SKSizeI target)
    {
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Translate(target.Width, 0); canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.BottomRight: canvas.Translate(target.Width, target.Height); canvas.RotateDegrees(180); break;
            case SKEncodedOrigin.BottomLeft: canvas.Translate(0, target.Height); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(target.Width, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(target.Width, target.Height); canvas.RotateDegrees(90); canvas.Scale(-1, 1); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, target.Height); canvas.RotateDegrees(-90); break;
        }
    }

    /// <summary>The kind of picture the first bytes say it is.</summary>
    public static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> b) => FileTypes.Sniff(b[..Math.Min(b.Length, 16)], complete: false)?.ContentType switch
    {
        "image/png" => SKEncodedImageFormat.Png,
        "image/jpeg" => SKEncodedImageFormat.Jpeg,
        "image/gif" => SKEncodedImageFormat.Gif,
        "image/webp" => SKEncodedImageFormat.Webp,
        _ => null,
    };
}

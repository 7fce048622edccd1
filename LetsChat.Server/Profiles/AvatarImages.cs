using LetsChat.Components.Profiles;
using System.Security.Cryptography;
using LetsChat.Server.Files;

namespace LetsChat.Server.Profiles;

/// <summary>
/// Uploaded avatars: at most 2 MB, re-encoded by the one <see cref="ImagePipeline"/> as a 256 px WebP square, so no
/// uploaded byte is ever served.
/// </summary>
public static class AvatarImages
{
    public const int Size = 256;
    public const long MaxBytes = 2 * 1024 * 1024;
    public const string NotAPicture = ImagePipeline.NotAPicture;
    public const string TooManyPixels = ImagePipeline.TooManyPixels;
    public const string TooManyFrames = ImagePipeline.TooManyFrames;
    public const string TooLargeToRead = ImagePipeline.TooLargeToRead;

    public sealed record Result(byte[]? Webp, string? Hash, string? Refusal);

    /// <summary>Reads at most one byte more than allowed, so an oversized upload is refused without reading it all.</summary>
    public static async Task<Result> ReadAsync(Stream upload, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes + 1];
        var length = await FileStreams.FillAsync(upload, buffer, cancellationToken);
        if (length > MaxBytes)
        {
            return new Result(null, null, IProfileService.PictureTooLarge);
        }

        return Done(await ImagePipeline.ReencodeAsync(buffer.AsMemory(0, length), new ImageFit.Square(Size), cancellationToken));
    }

    public static Result Process(ReadOnlyMemory<byte> bytes) =>
        bytes.Length > MaxBytes ? new Result(null, null, IProfileService.PictureTooLarge) : Done(ImagePipeline.Reencode(bytes, new ImageFit.Square(Size)));

    public static bool IsHash(string? text) => FileStreams.IsHash(text);

    private static Result Done((ReencodedImage? Image, string? Refusal) done) =>
        done.Image is { } image ? new Result(image.Webp, Convert.ToHexStringLower(SHA256.HashData(image.Webp)), null) : new Result(null, null, done.Refusal);
}

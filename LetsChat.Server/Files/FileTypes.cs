using System.Text;

namespace LetsChat.Server.Files;

/// <summary>The kinds of file a message may carry, as their first bytes say; a name or a declared type is never trusted.</summary>
public enum FileKind
{
    Image = 0,
    Pdf = 1,
    Text = 2,
    Archive = 3,
}

/// <summary>What a file is, from its content: its kind and the type it is served as.</summary>
public sealed record FileType(FileKind Kind, string ContentType);

public static class FileTypes
{
    /// <summary>How many bytes the sniffing reads before anything is stored.</summary>
    public const int SniffLength = 8 * 1024;

    /// <summary>The file's type, from its first <see cref="SniffLength"/> bytes; null when it is none we take.</summary>
    /// <param name="complete">The whole file is in <paramref name="head"/> (a text may not end inside a character then).</param>
    public static FileType? Sniff(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return new(FileKind.Image, "image/png");
        }

        if (head.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return new(FileKind.Image, "image/jpeg");
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return new(FileKind.Image, "image/gif");
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return new(FileKind.Image, "image/webp");
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return new(FileKind.Pdf, "application/pdf");
        }

        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return new(FileKind.Archive, "application/zip");
        }

        if (head.StartsWith((byte[])[0x1F, 0x8B]))
        {
            return new(FileKind.Archive, "application/gzip");
        }

        if (head.StartsWith((byte[])[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]))
        {
            return new(FileKind.Archive, "application/x-7z-compressed");
        }

        if (head.Length > 262 && head.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return new(FileKind.Archive, "application/x-tar");
        }

        return IsText(head, complete) ? new(FileKind.Text, "text/plain; charset=utf-8") : null;
    }

    // UTF-8 (a character cut at the end of the sample is fine unless the file ends there) with no NUL and no control
    // characters but tab, line feed, carriage return and form feed.
    private static bool IsText(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.Length == 0)
        {
            return false;
        }

        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                return false;
            }
        }

        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        try
        {
            var chars = new char[head.Length];
            decoder.Convert(head, chars, flush: complete, out _, out _, out _);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}

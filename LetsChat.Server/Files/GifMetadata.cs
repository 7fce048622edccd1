namespace LetsChat.Server.Files;

/// <summary>
/// An animated GIF is kept as a GIF (WebP re-encoding here makes stills only), so what it carries besides its frames is
/// taken out instead: comments, and every application block but the looping ones (XMP, ICC profiles, editors' data).
/// </summary>
public static class GifMetadata
{
    private static readonly string[] KeptApplications = ["NETSCAPE2.0", "ANIMEXTS1.0"];

    /// <returns>The GIF without its metadata; null when it is not a well-formed GIF.</returns>
    public static byte[]? Strip(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < 13 || !(gif[..6].SequenceEqual("GIF87a"u8) || gif[..6].SequenceEqual("GIF89a"u8)))
        {
            return null;
        }

        var output = new MemoryStream(gif.Length);
        var at = 13 + ColorTableLength(gif[10]);
        if (at > gif.Length)
        {
            return null;
        }

        output.Write(gif[..at]);
        while (at < gif.Length)
        {
            var start = at;
            switch (gif[at])
            {
                case 0x3B: // trailer
                    output.WriteByte(0x3B);
                    return output.ToArray();
                case 0x2C: // a frame: descriptor, local colours, LZW code size, data
                    if (at + 10 > gif.Length)
                    {
                        return null;
                    }

                    at += 10 + ColorTableLength(gif[at + 9]) + 1;
                    if (SkipSubBlocks(gif, ref at) is false)
                    {
                        return null;
                    }

                    output.Write(gif[start..at]);
                    break;
                case 0x21 when at + 2 <= gif.Length: // an extension: label, then sub-blocks
                    var label = gif[at + 1];
                    at += 2;
                    var application = label == 0xFF && at + 12 <= gif.Length && gif[at] == 11
                        ? System.Text.Encoding.ASCII.GetString(gif.Slice(at + 1, 11))
                        : null;
                    if (SkipSubBlocks(gif, ref at) is false)
                    {
                        return null;
                    }

                    var metadata = label == 0xFE || (label == 0xFF && !KeptApplications.Contains(application));
                    if (!metadata)
                    {
                        output.Write(gif[start..at]);
                    }

                    break;
                default:
                    return null;
            }
        }

        return null; // no trailer: cut short
    }

    private static int ColorTableLength(byte packed) => (packed & 0x80) != 0 ? 3 << ((packed & 0x07) + 1) : 0;

    private static bool SkipSubBlocks(ReadOnlySpan<byte> gif, ref int at)
    {
        while (at < gif.Length)
        {
            var size = gif[at++];
            if (size == 0)
            {
                return true;
            }

            at += size;
        }

        return false;
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace LetsChat.Server.Files;

/// <summary>
/// A PNG too large in pixels to decode whole (a 4K screenshot is 8 MP, 33 MB as a bitmap) is inflated and unfiltered
/// here a row at a time and averaged down by a whole factor as it goes: memory is two rows, the sums and the result,
/// never the full picture. (Skia's PNG codec offers no row-by-row decoding.) Interlaced PNGs are not read this way.
/// </summary>
internal static class RowAveragingDecoder
{
    /// <summary>The smallest whole factor that brings <paramref name="info"/> within <paramref name="maxPixels"/>, and no smaller than the result needs.</summary>
    public static int Factor(SKImageInfo info, long maxPixels, float cover)
    {
        var needed = (int)Math.Ceiling(Math.Sqrt((double)info.Width * info.Height / maxPixels));
        var allowed = cover > 0 ? (int)Math.Floor(1 / cover) : needed;
        return Math.Max(2, Math.Max(needed, allowed));
    }

    /// <returns>The picture, <paramref name="factor"/> times smaller on each side; null when it cannot be read by rows.</returns>
    public static SKBitmap? Decode(ReadOnlyMemory<byte> png, int factor)
    {
        if (Header.Read(png) is not { Interlaced: false } header || header.Width / factor < 1 || header.Height / factor < 1)
        {
            return null;
        }

        var (width, height) = (header.Width / factor, header.Height / factor);
        var result = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        try
        {
            using var pixels = new ZLibStream(new ImageDataStream(png), CompressionMode.Decompress);
            var stride = (int)(((long)header.Width * header.BitsPerPixel + 7) / 8);
            var (line, previous) = (new byte[stride + 1], new byte[stride + 1]);
            var rgba = new byte[header.Width * 4];
            var sums = new int[width * 4];
            var output = new byte[width * 4];
            var divisor = factor * factor;
            for (var y = 0; y < height * factor; y++)
            {
                pixels.ReadExactly(line);
                Unfilter(line, previous, Math.Max(1, header.BitsPerPixel / 8));
                header.ToPremultipliedRgba(line.AsSpan(1), rgba);
                for (var x = 0; x < width * factor * 4; x++)
                {
                    sums[(x / (factor * 4) * 4) + (x & 3)] += rgba[x];
                }

                (line, previous) = (previous, line);
                if (y % factor == factor - 1)
                {
                    for (var i = 0; i < output.Length; i++)
                    {
                        output[i] = (byte)((sums[i] + (divisor / 2)) / divisor);
                    }

                    Marshal.Copy(output, 0, result.GetPixels() + (y / factor * result.RowBytes), output.Length);
                    Array.Clear(sums);
                }
            }

            return result;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            result.Dispose();
            return null;
        }
    }

    // The PNG filters (none, sub, up, average, Paeth), undone in place; line[0] is the filter type.
    private static void Unfilter(Span<byte> line, ReadOnlySpan<byte> previous, int bpp)
    {
        var filter = line[0];
        for (var i = 1; i < line.Length; i++)
        {
            int left = i > bpp ? line[i - bpp] : 0, up = previous[i], upLeft = i > bpp ? previous[i - bpp] : 0;
            line[i] += filter switch
            {
                0 => 0,
                1 => (byte)left,
                2 => (byte)up,
                3 => (byte)((left + up) / 2),
                4 => (byte)Paeth(left, up, upLeft),
                _ => throw new InvalidDataException("Unknown PNG filter."),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private sealed record Header(int Width, int Height, int BitDepth, int ColorType, bool Interlaced, byte[] Palette)
    {
        private int Channels => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };

        public int BitsPerPixel => Channels * BitDepth;

        public static Header? Read(ReadOnlyMemory<byte> memory)
        {
            var png = memory.Span;
            if (png.Length < 33 || !png[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
            {
                return null;
            }

            var ihdr = png.Slice(16, 13);
            var (colorType, depth) = (ihdr[9], ihdr[8]);
            if (colorType is not (0 or 2 or 3 or 4 or 6) || depth is not (1 or 2 or 4 or 8 or 16) || (colorType is 2 or 4 or 6 && depth < 8))
            {
                return null;
            }

            // Palette colours with their alpha (PLTE, then tRNS), for a palette picture.
            var palette = new byte[256 * 4];
            palette.AsSpan().Fill(255);
            foreach (var (chunkType, chunkData) in ChunksOf(memory))
            {
                var type = chunkType.Span;
                var data = chunkData.Span;
                if (type.SequenceEqual("PLTE"u8))
                {
                    for (var i = 0; i < Math.Min(256, data.Length / 3); i++)
                    {
                        data.Slice(i * 3, 3).CopyTo(palette.AsSpan(i * 4));
                    }
                }
                else if (type.SequenceEqual("tRNS"u8) && colorType == 3)
                {
                    for (var i = 0; i < Math.Min(256, data.Length); i++)
                    {
                        palette[(i * 4) + 3] = data[i];
                    }
                }
            }

            return new Header(BinaryPrimitives.ReadInt32BigEndian(ihdr), BinaryPrimitives.ReadInt32BigEndian(ihdr[4..]), depth, colorType, ihdr[12] != 0, palette);
        }

        public void ToPremultipliedRgba(ReadOnlySpan<byte> row, Span<byte> rgba)
        {
            var step = BitDepth / 8; // bytes a sample, for 8 and 16 bits; 16 keeps its high byte
            for (var x = 0; x < Width; x++)
            {
                byte r, g, b, a = 255;
                if (BitDepth < 8)
                {
                    var bit = x * BitDepth;
                    var sample = (row[bit / 8] >> (8 - BitDepth - (bit % 8))) & ((1 << BitDepth) - 1);
                    if (ColorType == 3)
                    {
                        (r, g, b, a) = (Palette[sample * 4], Palette[(sample * 4) + 1], Palette[(sample * 4) + 2], Palette[(sample * 4) + 3]);
                    }
                    else
                    {
                        r = g = b = (byte)(sample * 255 / ((1 << BitDepth) - 1));
                    }
                }
                else
                {
                    var at = x * Channels * step;
                    switch (ColorType)
                    {
                        case 0: r = g = b = row[at]; break;
                        case 4: r = g = b = row[at]; a = row[at + step]; break;
                        case 3: (r, g, b, a) = (Palette[row[at] * 4], Palette[(row[at] * 4) + 1], Palette[(row[at] * 4) + 2], Palette[(row[at] * 4) + 3]); break;
                        case 2: (r, g, b) = (row[at], row[at + step], row[at + (2 * step)]); break;
                        default: (r, g, b, a) = (row[at], row[at + step], row[at + (2 * step)], row[at + (3 * step)]); break;
                    }
                }

                rgba[x * 4] = (byte)(r * a / 255);
                rgba[(x * 4) + 1] = (byte)(g * a / 255);
                rgba[(x * 4) + 2] = (byte)(b * a / 255);
                rgba[(x * 4) + 3] = a;
            }
        }
    }

    private static IEnumerable<(ReadOnlyMemory<byte> Type, ReadOnlyMemory<byte> Data)> ChunksOf(ReadOnlyMemory<byte> png)
    {
        for (var at = 8; at + 12 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.Span[at..]);
            if (length < 0 || at + 12 + length > png.Length)
            {
                yield break;
            }

            yield return (png.Slice(at + 4, 4), png.Slice(at + 8, length));
            at += 12 + length;
        }
    }

    /// <summary>The picture's compressed data: its IDAT chunks' contents, one after the other, as one stream.</summary>
    private sealed class ImageDataStream(ReadOnlyMemory<byte> png) : ReadOnlyStream
    {
        private readonly IEnumerator<(ReadOnlyMemory<byte> Type, ReadOnlyMemory<byte> Data)> _chunks = ChunksOf(png).GetEnumerator();
        private ReadOnlyMemory<byte> _current;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_current.IsEmpty)
            {
                if (!_chunks.MoveNext())
                {
                    return 0;
                }

                if (_chunks.Current.Type.Span.SequenceEqual("IDAT"u8))
                {
                    _current = _chunks.Current.Data;
                }
            }

            var count = Math.Min(buffer.Length, _current.Length);
            _current.Span[..count].CopyTo(buffer);
            _current = _current[count..];
            return count;
        }

        protected override void Dispose(bool disposing)
        {
            _chunks.Dispose();
            base.Dispose(disposing);
        }
    }
}

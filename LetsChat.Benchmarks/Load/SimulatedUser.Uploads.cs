using System.Net;
using System.Net.Http.Headers;

namespace LetsChat.Benchmarks.Load;

public sealed partial class SimulatedUser
{
    /// <summary>
    /// Uploads as files.js does: the file as the request's body (streamed, never held whole here), its name in a
    /// header, the page's antiforgery token in another. Returns the server's answer's status.
    /// </summary>
    public async Task<HttpStatusCode> UploadAsync(long roomId, string name, Stream content, long length, CancellationToken cancellationToken)
    {
        await ReadUploadTokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/rooms/{roomId}/files") { Content = new StreamContent(content, 81920) };
        request.Content.Headers.ContentLength = length;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        request.Headers.Add("RequestVerificationToken", _uploadToken);
        request.Headers.Add("X-File-Name", Uri.EscapeDataString(name));
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    private string? _uploadToken;

    /// <summary>The page's antiforgery token, as a tab has it from loading the page, before it uploads anything.</summary>
    public async Task ReadUploadTokenAsync(CancellationToken cancellationToken) =>
        _uploadToken ??= AntiforgeryToken().Match(await _http.GetStringAsync("/signin/dev", cancellationToken)) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The page has no antiforgery token.");
}

/// <summary>
/// A ZIP-looking file of <paramref name="length"/> bytes, made as it is read: one shared megabyte of random bytes,
/// repeated, after a header of its own seed, so that no two files are alike (nothing deduplicates) and making them costs
/// the load client a copy, not a random-number generator's work beside the watchers it also runs.
/// </summary>
public sealed class GeneratedArchiveStream(long length, int seed) : LetsChat.Server.Files.ReadOnlyStream
{
    private static readonly byte[] Noise = RandomBytes();
    private long _position;

    private static byte[] RandomBytes()
    {
        var bytes = new byte[1 << 20];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        var written = 0;
        while (written < count)
        {
            var at = (int)((_position + written) % Noise.Length);
            var part = Math.Min(count - written, Noise.Length - at);
            Noise.AsSpan(at, part).CopyTo(buffer[written..]);
            written += part;
        }

        if (_position == 0 && count >= 8)
        {
            "PK\x03\x04"u8.CopyTo(buffer);
            BitConverter.TryWriteBytes(buffer[4..], seed);
        }

        _position += count;
        return count;
    }

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }
}

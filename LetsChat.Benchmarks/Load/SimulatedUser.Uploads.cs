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
        _uploadToken ??= AntiforgeryToken().Match(await _http.GetStringAsync("/signin/dev", cancellationToken)) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The page has no antiforgery token.");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/rooms/{roomId}/files") { Content = new StreamContent(content, 81920) };
        request.Content.Headers.ContentLength = length;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        request.Headers.Add("RequestVerificationToken", _uploadToken);
        request.Headers.Add("X-File-Name", Uri.EscapeDataString(name));
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    private string? _uploadToken;
}

/// <summary>A ZIP-looking file of <paramref name="length"/> pseudo-random bytes, made as it is read (no two seeds alike, so nothing deduplicates).</summary>
public sealed class GeneratedArchiveStream(long length, int seed) : Stream
{
    private readonly Random _random = new(seed);
    private long _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        var chunk = buffer[..count];
        _random.NextBytes(chunk);
        if (_position == 0 && count >= 4)
        {
            "PK\x03\x04"u8.CopyTo(chunk);
        }

        _position += count;
        return count;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

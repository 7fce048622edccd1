namespace LetsChat.Server.Files;

internal static class FileStreams
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; how many bytes were read.</summary>
    public static async Task<int> FillAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await stream.ReadAsync(buffer[filled..], cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    /// <summary>A SHA-256 in lower-case hex: the only names the stores accept.</summary>
    public static bool IsHash(string? text) =>
        text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The whole stream when it has at most <paramref name="max"/> bytes; null (having read one more) when it has more.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(Stream stream, long max, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}

/// <summary>A few bytes already read, then the rest of the stream they came from.</summary>
internal sealed class ConcatenatedStream(ReadOnlyMemory<byte> head, Stream rest, UploadBandwidth? bandwidth = null) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _head = head;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_head.IsEmpty)
        {
            return bandwidth is null ? rest.ReadAsync(buffer, cancellationToken) : ReadPacedAsync(buffer, bandwidth, cancellationToken);
        }

        var count = Math.Min(buffer.Length, _head.Length);
        _head[..count].CopyTo(buffer);
        _head = _head[count..];
        return ValueTask.FromResult(count);
    }

    private int _unpaced;

    // Paced 64 KB at a time: a wait per network read (a few KB) would be thousands of timers a second.
    private async ValueTask<int> ReadPacedAsync(Memory<byte> buffer, UploadBandwidth pace, CancellationToken cancellationToken)
    {
        var read = await rest.ReadAsync(buffer, cancellationToken);
        _unpaced += read;
        if (_unpaced >= 64 * 1024 || read == 0)
        {
            await pace.TakeAsync(_unpaced, cancellationToken);
            _unpaced = 0;
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
}

/// <summary>
/// A stream read once, from its start (a file as it streams in or out, a picture's data, a benchmark's made-up file):
/// everything such a stream needs besides its reading, which each one supplies.
/// </summary>
public abstract class ReadOnlyStream : Stream
{
    public sealed override bool CanRead => true;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

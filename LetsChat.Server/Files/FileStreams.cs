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
}

using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Files;

/// <summary>
/// Files in a folder, for a single instance: each upload is written to a temporary file, hashed as it goes, then moved
/// to <c>{folder}/{first two hex digits}/{hash}</c>, or dropped when that content is there already.
/// </summary>
public sealed class DiskFileStore : IFileStore
{
    private const int BufferSize = 128 * 1024;
    private readonly string _root;

    public DiskFileStore(IOptions<FileOptions> options, IHostEnvironment environment)
    {
        _root = Path.GetFullPath(options.Value.Folder, environment.ContentRootPath);
        Directory.CreateDirectory(Path.Combine(_root, "incoming"));
    }

    public async Task<StoredContent?> SaveAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var incoming = Path.Combine(_root, "incoming", Guid.NewGuid().ToString("N"));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            await using (var file = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, System.IO.FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        return null;
                    }

                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            var path = PathOf(hash);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path))
            {
                try
                {
                    File.Move(incoming, path);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // The same content, stored at the same moment by another upload.
                }
            }

            return new StoredContent(hash, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            File.Delete(incoming); // nothing when it was moved
        }
    }

    public Task<Stream?> OpenReadAsync(string hash, CancellationToken cancellationToken)
    {
        if (!FileStreams.IsHash(hash) || !File.Exists(PathOf(hash)))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(hash), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, System.IO.FileOptions.Asynchronous));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string hash, CancellationToken cancellationToken)
    {
        if (FileStreams.IsHash(hash))
        {
            File.Delete(PathOf(hash));
        }

        return Task.CompletedTask;
    }

    private string PathOf(string hash) => Path.Combine(_root, hash[..2], hash);
}

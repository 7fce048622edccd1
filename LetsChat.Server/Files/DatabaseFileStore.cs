using System.Buffers;
using System.Data.Common;
using System.Security.Cryptography;
using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Files;

/// <summary>
/// Files in the app's database, so every instance sees them: each upload is written chunk by chunk under a blob with no
/// hash yet, hashed as it goes, and given its hash at the end, or dropped for the one already stored with that hash.
/// Reading fetches one chunk at a time. On SQLite each write waits its turn at the <see cref="SqliteWriteGate"/>, one
/// chunk at a time, so that messages go between an upload's chunks instead of sleeping on a busy database.
/// </summary>
public sealed class DatabaseFileStore(IDbContextFactory<LetsChatDb> dbFactory, TimeProvider time, SqliteWriteGate? writes = null) : IFileStore
{
    private readonly SqliteWriteGate _writes = writes ?? new();

    /// <summary>The size of a chunk: a power of two, so the buffer pool lends exactly this many bytes.</summary>
    public const int ChunkSize = 256 * 1024;

    public async Task<StoredContent?> SaveAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var blob = new StoredBlob { CreatedAt = time.GetUtcNow() };
        db.Blobs.Add(blob);
        using (await _writes.EnterAsync(db, cancellationToken, bulk: true))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        long length = 0;
        try
        {
            for (var index = 0; ; index++)
            {
                var filled = await FileStreams.FillAsync(content, buffer.AsMemory(0, ChunkSize), cancellationToken);
                if (filled == 0)
                {
                    break;
                }

                length += filled;
                if (length > maxBytes)
                {
                    await ForgetAsync(blob.Id, CancellationToken.None);
                    return null;
                }

                sha.AppendData(buffer, 0, filled);
                db.Chunks.Add(new BlobChunk { BlobId = blob.Id, Index = index, Data = filled == buffer.Length ? buffer : buffer[..filled] });
                using (await _writes.EnterAsync(db, cancellationToken, bulk: true))
                {
                    await db.SaveChangesAsync(cancellationToken);
                }

                db.ChangeTracker.Clear();
                if (filled < ChunkSize)
                {
                    break;
                }
            }
        }
        catch
        {
            await ForgetAsync(blob.Id, CancellationToken.None);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        try
        {
            // Content stored before is kept once: this upload's copy goes.
            using var writer = await _writes.EnterAsync(db, cancellationToken, bulk: true);
            if (await db.Blobs.AnyAsync(b => b.Hash == hash, cancellationToken)
                || await db.Blobs.Where(b => b.Id == blob.Id).ExecuteUpdateAsync(b => b.SetProperty(x => x.Hash, hash).SetProperty(x => x.Length, length), cancellationToken) == 0)
            {
                await ForgetAsync(blob.Id, CancellationToken.None);
            }
        }
        catch (DbException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // The same content, finishing at the same moment in another upload: that one is kept.
            await ForgetAsync(blob.Id, CancellationToken.None);
        }

        return new StoredContent(hash, length);
    }

    public async Task<Stream?> OpenReadAsync(string hash, CancellationToken cancellationToken)
    {
        if (!FileStreams.IsHash(hash))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var blob = await db.Blobs.Where(b => b.Hash == hash).Select(b => new { b.Id, b.Length }).SingleOrDefaultAsync(cancellationToken);
        return blob is null ? null : new ChunkedReadStream(dbFactory, blob.Id, blob.Length);
    }

    public async Task DeleteAsync(string hash, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Blobs.Where(b => b.Hash == hash).Select(b => (long?)b.Id).SingleOrDefaultAsync(cancellationToken) is { } id)
        {
            await ForgetAsync(id, cancellationToken);
        }
    }

    // Chunks first, then the blob: nothing is left behind whether or not the database cascades.
    private async Task ForgetAsync(long blobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Chunks.Where(c => c.BlobId == blobId).ExecuteDeleteAsync(cancellationToken);
        await db.Blobs.Where(b => b.Id == blobId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A blob read from the start, one chunk per query, each with its own short-lived context.</summary>
    private sealed class ChunkedReadStream(IDbContextFactory<LetsChatDb> dbFactory, long blobId, long length) : ReadOnlyStream
    {
        private byte[] _chunk = [];
        private int _offsetInChunk;
        private int _nextIndex;
        private long _position;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            if (_offsetInChunk == _chunk.Length)
            {
                if (_position >= length)
                {
                    return 0;
                }

                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var index = _nextIndex++;
                _chunk = await db.Chunks.Where(c => c.BlobId == blobId && c.Index == index).Select(c => c.Data).SingleAsync(cancellationToken);
                _offsetInChunk = 0;
            }

            var count = Math.Min(destination.Length, _chunk.Length - _offsetInChunk);
            _chunk.AsMemory(_offsetInChunk, count).CopyTo(destination);
            _offsetInChunk += count;
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LetsChat.Server.Files;

/// <summary>
/// A file's content in the database: its chunks, and once all are in, its hash. A blob without a hash is an upload
/// still on its way (or one that died on the way).
/// </summary>
public sealed class StoredBlob
{
    public long Id { get; set; }
    public string? Hash { get; set; }
    public long Length { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One piece of a blob, in order: <see cref="DatabaseFileStore.ChunkSize"/> bytes, the last one fewer.</summary>
public sealed class BlobChunk
{
    public long BlobId { get; set; }
    public int Index { get; set; }
    public required byte[] Data { get; set; }
}

internal sealed class StoredBlobConfiguration : IEntityTypeConfiguration<StoredBlob>
{
    public void Configure(EntityTypeBuilder<StoredBlob> blob)
    {
        blob.Property(b => b.Hash).HasMaxLength(64);
        blob.HasIndex(b => b.Hash).IsUnique();
    }
}

internal sealed class BlobChunkConfiguration : IEntityTypeConfiguration<BlobChunk>
{
    public void Configure(EntityTypeBuilder<BlobChunk> chunk)
    {
        chunk.HasKey(c => new { c.BlobId, c.Index });
        chunk.HasOne<StoredBlob>().WithMany().HasForeignKey(c => c.BlobId).OnDelete(DeleteBehavior.Cascade);
    }
}

using LetsChat.Server.Chat;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LetsChat.Server.Files;

/// <summary>
/// A file someone uploaded to a room: its content (by hash, in the <see cref="IFileStore"/>), and once sent, the message
/// it is in. A picture's content is its re-encoded WebP, with a thumbnail beside it; no uploaded byte of a picture is kept.
/// </summary>
public sealed class Attachment
{
    public long Id { get; set; }
    public long UploaderId { get; set; }
    public long RoomId { get; set; }
    /// <summary>Null while the upload waits for its message to be sent.</summary>
    public long? MessageId { get; set; }

    /// <summary>Where it comes among its message's files, as the sender ordered them.</summary>
    public int Position { get; set; }
    public required string ContentHash { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public FileKind Kind { get; set; }
    public long Length { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public string? ThumbnailHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> attachment)
    {
        attachment.Property(a => a.ContentHash).HasMaxLength(64);
        attachment.Property(a => a.ThumbnailHash).HasMaxLength(64);
        attachment.Property(a => a.FileName).HasMaxLength(AttachmentUploads.MaxFileNameLength);
        attachment.Property(a => a.ContentType).HasMaxLength(100);
        attachment.HasIndex(a => new { a.UploaderId, a.CreatedAt });
        attachment.HasIndex(a => a.MessageId);
        attachment.HasIndex(a => a.ContentHash);
        attachment.HasOne<User>().WithMany().HasForeignKey(a => a.UploaderId).OnDelete(DeleteBehavior.Cascade);
        attachment.HasOne<Room>().WithMany().HasForeignKey(a => a.RoomId).OnDelete(DeleteBehavior.Cascade);
        attachment.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LetsChat.Server.Profiles;

/// <summary>A re-encoded avatar, addressed by the SHA-256 of its bytes; served as <c>/avatars/{hash}.webp</c>.</summary>
public sealed class StoredAvatar
{
    public required string Hash { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class StoredAvatarConfiguration : IEntityTypeConfiguration<StoredAvatar>
{
    public void Configure(EntityTypeBuilder<StoredAvatar> avatar)
    {
        avatar.ToTable("Avatars");
        avatar.HasKey(a => a.Hash);
        avatar.Property(a => a.Hash).HasMaxLength(64);
    }
}

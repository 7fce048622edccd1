using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LetsChat.Server.Moderation;

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> report)
    {
        report.Property(r => r.Details).HasMaxLength(Reports.MaxDetails);
        report.Property(r => r.MessageText).HasMaxLength(Components.Chat.MessageRules.MaxLength);
        report.HasOne<User>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
        report.HasOne<User>().WithMany().HasForeignKey(r => r.TargetUserId).OnDelete(DeleteBehavior.Cascade);
        report.HasOne<Room>().WithMany().HasForeignKey(r => r.RoomId).OnDelete(DeleteBehavior.Cascade);
        report.HasIndex(r => new { r.State, r.CreatedAt });
        report.HasIndex(r => new { r.RoomId, r.State });
        // One open report per reporter and message, and per reporter and person, whatever two tabs do at once.
        report.HasIndex(r => new { r.ReporterId, r.MessageId }).IsUnique()
            .HasFilter("\"State\" = 0 AND \"MessageId\" IS NOT NULL").HasDatabaseName("IX_Reports_OneOpenPerMessage");
        report.HasIndex(r => new { r.ReporterId, r.TargetUserId }).IsUnique()
            .HasFilter("\"State\" = 0 AND \"MessageId\" IS NULL").HasDatabaseName("IX_Reports_OneOpenPerPerson");
    }
}

internal sealed class BlockedWordConfiguration : IEntityTypeConfiguration<BlockedWord>
{
    public void Configure(EntityTypeBuilder<BlockedWord> word)
    {
        word.Property(w => w.Word).HasMaxLength(BlockedWords.MaxLength);
        word.Property(w => w.NormalizedWord).HasMaxLength(BlockedWords.MaxLength);
        word.HasIndex(w => w.NormalizedWord).IsUnique();
        word.HasOne<User>().WithMany().HasForeignKey(w => w.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HeldMessageConfiguration : IEntityTypeConfiguration<HeldMessage>
{
    public void Configure(EntityTypeBuilder<HeldMessage> held)
    {
        held.Property(h => h.Body).HasMaxLength(Components.Chat.MessageRules.MaxLength);
        held.Property(h => h.AttachmentIds).HasMaxLength(400);
        held.Property(h => h.MatchedWord).HasMaxLength(BlockedWords.MaxLength);
        held.HasIndex(h => new { h.AuthorId, h.ClientMessageId }).IsUnique();
        held.HasIndex(h => h.RoomId);
        held.HasOne<User>().WithMany().HasForeignKey(h => h.AuthorId).OnDelete(DeleteBehavior.Cascade);
        held.HasOne<Room>().WithMany().HasForeignKey(h => h.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}

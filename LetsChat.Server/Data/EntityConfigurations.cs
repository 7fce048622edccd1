using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LetsChat.Server.Data;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(50);
        user.Property(u => u.SearchName).HasMaxLength(50);
        user.Property(u => u.Handle).HasMaxLength(32);
        user.Property(u => u.NormalizedHandle).HasMaxLength(32);
        user.Property(u => u.Email).HasMaxLength(320);
        user.Property(u => u.ProviderAvatarUrl).HasMaxLength(2048);
        user.Property(u => u.AvatarHash).HasMaxLength(64);
        user.Property(u => u.BanReason).HasMaxLength(500);
        user.HasIndex(u => u.NormalizedHandle).IsUnique();
        user.HasIndex(u => u.SearchName);
        user.HasIndex(u => u.Email);
        user.HasMany(u => u.Logins).WithOne().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExternalLoginConfiguration : IEntityTypeConfiguration<ExternalLogin>
{
    public void Configure(EntityTypeBuilder<ExternalLogin> login)
    {
        login.Property(l => l.Provider).HasMaxLength(32);
        login.Property(l => l.Subject).HasMaxLength(256);
        login.HasIndex(l => new { l.Provider, l.Subject }).IsUnique();
    }
}

internal sealed class FriendRequestConfiguration : IEntityTypeConfiguration<FriendRequest>
{
    public void Configure(EntityTypeBuilder<FriendRequest> request)
    {
        request.HasOne<User>().WithMany().HasForeignKey(r => r.SenderId).OnDelete(DeleteBehavior.Cascade);
        request.HasOne<User>().WithMany().HasForeignKey(r => r.ReceiverId).OnDelete(DeleteBehavior.Cascade);
        request.HasIndex(r => new { r.ReceiverId, r.State });
        request.HasIndex(r => new { r.SenderId, r.State });
        // At most one pending request from one person to another, whatever two tabs do at once.
        request.HasIndex(r => new { r.SenderId, r.ReceiverId }).IsUnique().HasFilter("\"State\" = 0").HasDatabaseName("IX_FriendRequests_OnePending");
    }
}

internal sealed class FriendshipConfiguration : IEntityTypeConfiguration<Friendship>
{
    public void Configure(EntityTypeBuilder<Friendship> friendship)
    {
        friendship.HasKey(f => new { f.UserAId, f.UserBId });
        friendship.HasIndex(f => f.UserBId);
        friendship.HasOne<User>().WithMany().HasForeignKey(f => f.UserAId).OnDelete(DeleteBehavior.Cascade);
        friendship.HasOne<User>().WithMany().HasForeignKey(f => f.UserBId).OnDelete(DeleteBehavior.Cascade);
        friendship.HasOne<Room>().WithMany().HasForeignKey(f => f.RoomId).OnDelete(DeleteBehavior.Restrict);
        friendship.ToTable(t => t.HasCheckConstraint("CK_Friendships_Ordered", "\"UserAId\" < \"UserBId\""));
    }
}

internal sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> block)
    {
        block.HasKey(b => new { b.BlockerId, b.BlockedId });
        block.HasIndex(b => b.BlockedId);
        block.HasOne<User>().WithMany().HasForeignKey(b => b.BlockerId).OnDelete(DeleteBehavior.Cascade);
        block.HasOne<User>().WithMany().HasForeignKey(b => b.BlockedId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> room)
    {
        room.Property(r => r.Name).HasMaxLength(60);
        room.Property(r => r.Description).HasMaxLength(500);
        room.HasOne<User>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.SetNull);
        room.HasData(Seed.PublicRoom);
    }
}

internal sealed class RoomMemberConfiguration : IEntityTypeConfiguration<RoomMember>
{
    public void Configure(EntityTypeBuilder<RoomMember> member)
    {
        member.HasKey(m => new { m.RoomId, m.UserId });
        member.HasIndex(m => m.UserId);
        member.HasOne<Room>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        member.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.Property(m => m.Body).HasMaxLength(Components.Chat.MessageRules.MaxLength);
        message.HasIndex(m => new { m.RoomId, m.Sequence }).IsUnique();
        message.HasIndex(m => new { m.AuthorId, m.ClientMessageId }).IsUnique();
        message.HasOne<Room>().WithMany().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne<User>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Cascade);
        message.HasIndex(m => m.CreatedAt);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.Property(n => n.Payload).HasMaxLength(4000);
        notification.Property(n => n.SubjectKey).HasMaxLength(100);
        notification.HasIndex(n => new { n.RecipientId, n.ReadAt });
        notification.HasIndex(n => n.SubjectKey);
        notification.HasOne<User>().WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.Reason).HasMaxLength(500);
        entry.HasIndex(e => e.CreatedAt);
        entry.HasOne<User>().WithMany().HasForeignKey(e => e.ModeratorId).OnDelete(DeleteBehavior.Restrict);
    }
}

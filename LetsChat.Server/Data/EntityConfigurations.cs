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
        user.Property(u => u.PasswordHash).HasMaxLength(200);
        user.Property(u => u.WebAuthnUserId).HasMaxLength(64);
        user.Property(u => u.CustomStatusEmoji).HasMaxLength(32);
        user.Property(u => u.CustomStatusText).HasMaxLength(Components.Presence.CustomStatus.MaxLength);
        user.Property(u => u.EmailDigests).HasDefaultValue(true);
        // The status sweep looks for statuses whose time is up, on every instance every half minute.
        user.HasIndex(u => u.StatusUntil);
        user.HasIndex(u => u.CustomStatusUntil);
        user.HasIndex(u => u.NormalizedHandle).IsUnique();
        user.HasIndex(u => u.WebAuthnUserId).IsUnique();
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
        login.Property(l => l.Label).HasMaxLength(320);
        login.HasIndex(l => new { l.Provider, l.Subject }).IsUnique();
    }
}

internal sealed class UserPasskeyConfiguration : IEntityTypeConfiguration<UserPasskey>
{
    public void Configure(EntityTypeBuilder<UserPasskey> passkey)
    {
        passkey.Property(p => p.CredentialId).HasMaxLength(1023);
        passkey.Property(p => p.Name).HasMaxLength(60);
        passkey.Property(p => p.Transports).HasMaxLength(200);
        passkey.HasIndex(p => p.CredentialId).IsUnique();
        passkey.HasIndex(p => p.UserId);
        passkey.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.Property(s => s.Id).HasMaxLength(64);
        session.Property(s => s.Method).HasMaxLength(16);
        session.Property(s => s.UserAgent).HasMaxLength(300);
        session.Property(s => s.Address).HasMaxLength(64);
        session.HasIndex(s => s.UserId);
        session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccountTokenConfiguration : IEntityTypeConfiguration<AccountToken>
{
    public void Configure(EntityTypeBuilder<AccountToken> token)
    {
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.Property(t => t.Email).HasMaxLength(320);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.UserId);
        token.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> throttle)
    {
        throttle.HasKey(t => t.Address);
        throttle.Property(t => t.Address).HasMaxLength(64);
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
        message.HasOne<Message>().WithMany().HasForeignKey(m => m.ReplyToId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MessageMentionConfiguration : IEntityTypeConfiguration<MessageMention>
{
    public void Configure(EntityTypeBuilder<MessageMention> mention)
    {
        mention.HasKey(m => new { m.MessageId, m.UserId });
        mention.HasIndex(m => m.UserId);
        mention.HasOne<Message>().WithMany().HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Cascade);
        mention.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
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
        notification.HasIndex(n => new { n.ReadAt, n.CreatedAt });
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
        // The audit outlives the room: a deleted room leaves its rows, without the link.
        entry.HasOne<Room>().WithMany().HasForeignKey(e => e.RoomId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RoomNotificationSettingConfiguration : IEntityTypeConfiguration<RoomNotificationSetting>
{
    public void Configure(EntityTypeBuilder<RoomNotificationSetting> setting)
    {
        setting.HasKey(s => new { s.UserId, s.RoomId });
        setting.HasIndex(s => new { s.RoomId, s.Level });
        setting.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        setting.HasOne<Room>().WithMany().HasForeignKey(s => s.RoomId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PushSubscriptionConfiguration : IEntityTypeConfiguration<Notifications.Push.PushSubscription>
{
    public void Configure(EntityTypeBuilder<Notifications.Push.PushSubscription> subscription)
    {
        subscription.Property(s => s.Endpoint).HasMaxLength(2048);
        subscription.Property(s => s.P256dh).HasMaxLength(128);
        subscription.Property(s => s.Auth).HasMaxLength(64);
        subscription.Property(s => s.SessionId).HasMaxLength(64);
        subscription.Property(s => s.DeviceName).HasMaxLength(100);
        subscription.HasIndex(s => s.Endpoint).IsUnique();
        subscription.HasIndex(s => s.UserId);
        subscription.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServerSettingConfiguration : IEntityTypeConfiguration<ServerSetting>
{
    public void Configure(EntityTypeBuilder<ServerSetting> setting)
    {
        setting.HasKey(s => s.Name);
        setting.Property(s => s.Name).HasMaxLength(64);
        setting.Property(s => s.Value).HasMaxLength(1000);
    }
}

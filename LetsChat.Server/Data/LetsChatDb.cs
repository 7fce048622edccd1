using LetsChat.Components.Rooms;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Server.Notifications;
using LetsChat.Server.Profiles;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LetsChat.Server.Data;

/// <summary>
/// The whole product's data. One model for both databases; each provider has its own subclass only so that
/// its migrations live apart (Migrations/Sqlite, Migrations/Postgres).
/// </summary>
public abstract class LetsChatDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<ExternalLogin> ExternalLogins => Set<ExternalLogin>();
    public DbSet<UserPasskey> Passkeys => Set<UserPasskey>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<FriendRequest> FriendRequests => Set<FriendRequest>();
    public DbSet<Friendship> Friendships => Set<Friendship>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<Room> Rooms => Set<Room>();
    public DbSet<RoomMember> RoomMembers => Set<RoomMember>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<MessageMention> MessageMentions => Set<MessageMention>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<StoredAvatar> Avatars => Set<StoredAvatar>();
    public DbSet<Files.StoredBlob> Blobs => Set<Files.StoredBlob>();
    public DbSet<Files.BlobChunk> Chunks => Set<Files.BlobChunk>();
    public DbSet<Files.Attachment> Attachments => Set<Files.Attachment>();
    public DbSet<RoomNotificationSetting> RoomNotificationSettings => Set<RoomNotificationSetting>();
    public DbSet<Notifications.Push.PushSubscription> PushSubscriptions => Set<Notifications.Push.PushSubscription>();
    public DbSet<ServerSetting> ServerSettings => Set<ServerSetting>();
    public DbSet<Moderation.Report> Reports => Set<Moderation.Report>();
    public DbSet<Moderation.BlockedWord> BlockedWords => Set<Moderation.BlockedWord>();
    public DbSet<Moderation.HeldMessage> HeldMessages => Set<Moderation.HeldMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LetsChatDb).Assembly);
}

public sealed class SqliteLetsChatDb(DbContextOptions<SqliteLetsChatDb> options) : LetsChatDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: store instants as sortable numbers so that ORDER BY and comparisons run in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresLetsChatDb(DbContextOptions<PostgresLetsChatDb> options) : LetsChatDb(options);

/// <summary>The seed rows every database starts with.</summary>
internal static class Seed
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Room PublicRoom => new()
    {
        Id = Room.PublicRoomId,
        Kind = RoomKind.Public,
        Name = "Public room",
        Description = "Everyone who signs in can talk here.",
        CreatedAt = Epoch,
        LastActivityAt = Epoch,
    };
}

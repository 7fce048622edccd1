using LetsChat.Server.Admin;
using LetsChat.Server.Identity;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Admin;

/// <summary>Audit entries written straight to the database, at the instants a test of the log's filters needs.</summary>
internal static class AuditLogSeed
{
    public static AuditEntry Entry(User moderator, string action, string at, User? target = null, string? reason = null, long? messageId = null, long? roomId = null) => new()
    {
        ModeratorId = moderator.Id,
        Action = action,
        TargetUserId = target?.Id,
        TargetMessageId = messageId,
        RoomId = roomId,
        Reason = reason,
        CreatedAt = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task AddAuditEntriesAsync(this LetsChatApp app, params IEnumerable<AuditEntry> entries)
    {
        await using var db = await app.CreateDbAsync();
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync();
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LetsChat.Server.Data;

public static class DatabaseErrors
{
    // SQLite's extended codes: every constraint failure is 19, and only these two are a duplicate key.
    private const int SqliteUnique = 2067;
    private const int SqlitePrimaryKey = 1555;

    /// <summary>A duplicate key, and nothing else: a missing row behind a foreign key or a failed check is not one.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException is System.Data.Common.DbException inner && IsUniqueViolation(inner);

    /// <summary>The same, for a statement run directly (ExecuteUpdate, raw SQL), which throws the provider's own exception.</summary>
    public static bool IsUniqueViolation(System.Data.Common.DbException exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteUnique or SqlitePrimaryKey,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}

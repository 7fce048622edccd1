using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LetsChat.Benchmarks.Corpus;

/// <summary>
/// Loads a <see cref="ChatCorpus"/> into a SQLite database the app has migrated: one transaction, one prepared insert
/// per table. The FTS5 index is filled by the migration's insert trigger, as for messages sent in the app.
/// </summary>
public static class SqliteCorpusLoader
{
    // As the app stores instants on SQLite (LetsChatDb's convention), so that its queries compare them.
    private static readonly Func<DateTimeOffset, long> Instant = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    public static async Task<CorpusLoad> LoadAsync(string connectionString, ChatCorpus corpus, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            await InsertAsync(transaction, "Users", ["Id", "DisplayName", "SearchName", "Handle", "NormalizedHandle", "HideEmail", "CreatedAt", "IsModerator", "IsBanned", "EmailConfirmed", "AccessFailedCount", "WebAuthnUserId"],
                corpus.Users, u => [u.Id, u.DisplayName, u.DisplayName.ToUpperInvariant(), u.Handle, u.Handle.ToUpperInvariant(), 1, Instant(u.CreatedAt), 0, 0, 0, 0, u.WebAuthnUserId], cancellationToken);
            await InsertAsync(transaction, "Rooms", ["Id", "Kind", "Name", "OwnerId", "CreatedAt", "LastSequence", "LastActivityAt", "IsReadOnly"],
                corpus.Rooms.Skip(1), r => [r.Id, (int)r.Kind, r.Name, r.OwnerId, Instant(r.CreatedAt), r.LastSequence, Instant(r.LastActivityAt), 0], cancellationToken);
            await using (var publicRoom = connection.CreateCommand())
            {
                publicRoom.Transaction = transaction;
                publicRoom.CommandText = """UPDATE "Rooms" SET "LastSequence" = $sequence, "LastActivityAt" = $at WHERE "Id" = $id""";
                publicRoom.Parameters.AddWithValue("$sequence", corpus.Rooms[0].LastSequence);
                publicRoom.Parameters.AddWithValue("$at", Instant(corpus.Rooms[0].LastActivityAt));
                publicRoom.Parameters.AddWithValue("$id", corpus.Rooms[0].Id);
                await publicRoom.ExecuteNonQueryAsync(cancellationToken);
            }

            await InsertAsync(transaction, "RoomMembers", ["RoomId", "UserId", "JoinedAt", "LastReadSequence"],
                corpus.Rooms.SelectMany(r => r.Members.Select(m => (Room: r, UserId: m))), m => [m.Room.Id, m.UserId, Instant(m.Room.CreatedAt), m.Room.LastSequence], cancellationToken);
            await InsertAsync(transaction, "Friendships", ["UserAId", "UserBId", "RoomId", "CreatedAt"],
                corpus.Friendships, f => [f.UserAId, f.UserBId, f.RoomId, Instant(ChatCorpus.Start)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var peopleAndRooms = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            await InsertAsync(transaction, "Messages", ["Id", "RoomId", "Sequence", "AuthorId", "ClientMessageId", "Body", "CreatedAt", "Version"],
                corpus.Messages, m => [m.Id, m.RoomId, m.Sequence, m.AuthorId, m.ClientMessageId.ToString().ToUpperInvariant(), m.Body, Instant(m.CreatedAt), 0], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var messages = clock.Elapsed.TotalSeconds;

        // Everything into the database file, so that its size is the database's (nothing left in the WAL).
        clock.Restart();
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);

        return new CorpusLoad(peopleAndRooms, messages, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// What the FTS5 table and the Messages table add to the file. This build of SQLite has no dbstat, so they are
    /// measured on a compacted copy (VACUUM INTO): its size, then without the FTS5 table, then without Messages too.
    /// </summary>
    public static async Task<IndexSize> SizeAsync(string connectionString, CancellationToken cancellationToken)
    {
        var copy = new SqliteConnectionStringBuilder(connectionString).DataSource + ".sizes";
        long database;
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            database = await BytesAsync(connection, cancellationToken);
            await ExecuteAsync(connection, "VACUUM INTO $copy", cancellationToken, ("$copy", copy));
        }

        try
        {
            await using var compacted = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            await compacted.OpenAsync(cancellationToken);
            var whole = await BytesAsync(compacted, cancellationToken);
            await ExecuteAsync(compacted, """
                DROP TRIGGER "Messages_SearchInsert"; DROP TRIGGER "Messages_SearchDelete"; DROP TRIGGER "Messages_SearchUpdate";
                DROP TABLE "MessageSearch"; VACUUM;
                """, cancellationToken);
            var withoutIndex = await BytesAsync(compacted, cancellationToken);
            await ExecuteAsync(compacted, """DROP TABLE "Messages"; VACUUM;""", cancellationToken);
            return new IndexSize(whole - withoutIndex, null, withoutIndex - await BytesAsync(compacted, cancellationToken), database);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static async Task<long> BytesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size())";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task InsertAsync<T>(SqliteTransaction transaction, string table, string[] columns, IEnumerable<T> rows, Func<T, object?[]> values, CancellationToken cancellationToken)
    {
        await using var insert = transaction.Connection!.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})""";
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        insert.Prepare();
        foreach (var row in rows)
        {
            var fields = values(row);
            for (var i = 0; i < fields.Length; i++)
            {
                parameters[i].Value = fields[i] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

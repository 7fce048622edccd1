using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace LetsChat.Benchmarks.Corpus;

/// <summary>How long a load took: people and rooms, the messages (their index kept by the database as they go in), and what follows.</summary>
public sealed record CorpusLoad(double PeopleAndRoomsSeconds, double MessagesSeconds, double FinishSeconds)
{
    public double TotalSeconds => PeopleAndRoomsSeconds + MessagesSeconds + FinishSeconds;
}

/// <summary>What the search index takes on disk, next to what the messages take.</summary>
/// <param name="IndexBytes">The index alone: PostgreSQL's GIN index, SQLite's FTS5 shadow tables.</param>
/// <param name="ColumnBytes">PostgreSQL's stored tsvector column (inside the table), summed per row; null on SQLite.</param>
/// <param name="MessagesBytes">The Messages table with its other indexes (and, on PostgreSQL, the tsvector column and TOAST).</param>
public sealed record IndexSize(long IndexBytes, long? ColumnBytes, long MessagesBytes, long DatabaseBytes);

/// <summary>
/// Loads a <see cref="ChatCorpus"/> into a PostgreSQL database the app has migrated, with binary COPY. The messages'
/// generated tsvector and its GIN index are filled by the inserts themselves, as for messages sent in the app.
/// </summary>
public static class PostgresCorpusLoader
{
    public static async Task<CorpusLoad> LoadAsync(string connectionString, ChatCorpus corpus, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await CopyAsync(connection, """
            "Users" ("Id", "DisplayName", "SearchName", "Handle", "NormalizedHandle", "HideEmail", "CreatedAt", "IsModerator", "IsBanned", "EmailConfirmed", "AccessFailedCount", "WebAuthnUserId")
            """, corpus.Users, async (row, u) =>
            {
                await row.WriteAsync(u.Id, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(u.DisplayName, NpgsqlDbType.Varchar, cancellationToken);
                await row.WriteAsync(u.DisplayName.ToUpperInvariant(), NpgsqlDbType.Varchar, cancellationToken);
                await row.WriteAsync(u.Handle, NpgsqlDbType.Varchar, cancellationToken);
                await row.WriteAsync(u.Handle.ToUpperInvariant(), NpgsqlDbType.Varchar, cancellationToken);
                await row.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
                await row.WriteAsync(u.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await row.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await row.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await row.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await row.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
                await row.WriteAsync(u.WebAuthnUserId, NpgsqlDbType.Varchar, cancellationToken);
            }, cancellationToken);
        await CopyAsync(connection, """
            "Rooms" ("Id", "Kind", "Name", "OwnerId", "CreatedAt", "LastSequence", "LastActivityAt", "IsReadOnly")
            """, corpus.Rooms.Skip(1), async (row, r) =>
            {
                await row.WriteAsync(r.Id, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync((int)r.Kind, NpgsqlDbType.Integer, cancellationToken);
                await row.WriteAsync(r.Name, NpgsqlDbType.Varchar, cancellationToken);
                await (r.OwnerId is { } owner ? row.WriteAsync(owner, NpgsqlDbType.Bigint, cancellationToken) : row.WriteNullAsync(cancellationToken));
                await row.WriteAsync(r.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await row.WriteAsync(r.LastSequence, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(r.LastActivityAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await row.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
            }, cancellationToken);
        await using (var publicRoom = new NpgsqlCommand("""UPDATE "Rooms" SET "LastSequence" = @sequence, "LastActivityAt" = @at WHERE "Id" = @id""", connection))
        {
            publicRoom.Parameters.AddWithValue("sequence", corpus.Rooms[0].LastSequence);
            publicRoom.Parameters.AddWithValue("at", corpus.Rooms[0].LastActivityAt);
            publicRoom.Parameters.AddWithValue("id", corpus.Rooms[0].Id);
            await publicRoom.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, """
            "RoomMembers" ("RoomId", "UserId", "JoinedAt", "LastReadSequence")
            """, corpus.Rooms.SelectMany(r => r.Members.Select(m => (Room: r, UserId: m))), async (row, m) =>
            {
                await row.WriteAsync(m.Room.Id, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(m.UserId, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(m.Room.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await row.WriteAsync(m.Room.LastSequence, NpgsqlDbType.Bigint, cancellationToken);
            }, cancellationToken);
        await CopyAsync(connection, """
            "Friendships" ("UserAId", "UserBId", "RoomId", "CreatedAt")
            """, corpus.Friendships, async (row, f) =>
            {
                await row.WriteAsync(f.UserAId, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(f.UserBId, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(f.RoomId, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(ChatCorpus.Start, NpgsqlDbType.TimestampTz, cancellationToken);
            }, cancellationToken);
        var peopleAndRooms = clock.Elapsed.TotalSeconds;

        clock.Restart();
        await CopyAsync(connection, """
            "Messages" ("Id", "RoomId", "Sequence", "AuthorId", "ClientMessageId", "Body", "CreatedAt", "Version")
            """, corpus.Messages, async (row, m) =>
            {
                await row.WriteAsync(m.Id, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(m.RoomId, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(m.Sequence, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(m.AuthorId, NpgsqlDbType.Bigint, cancellationToken);
                await row.WriteAsync(m.ClientMessageId, NpgsqlDbType.Uuid, cancellationToken);
                await row.WriteAsync(m.Body, NpgsqlDbType.Varchar, cancellationToken);
                await row.WriteAsync(m.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await row.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
            }, cancellationToken);
        var messages = clock.Elapsed.TotalSeconds;

        // The ids were given: the identity sequences go on after them. Then the statistics autovacuum would gather.
        clock.Restart();
        await ExecuteAsync(connection, """
            SELECT setval(pg_get_serial_sequence('"Users"', 'Id'), (SELECT max("Id") FROM "Users"));
            SELECT setval(pg_get_serial_sequence('"Rooms"', 'Id'), (SELECT max("Id") FROM "Rooms"));
            SELECT setval(pg_get_serial_sequence('"Messages"', 'Id'), (SELECT max("Id") FROM "Messages"));
            """, cancellationToken);
        await ExecuteAsync(connection, "VACUUM ANALYZE", cancellationToken);
        return new CorpusLoad(peopleAndRooms, messages, clock.Elapsed.TotalSeconds);
    }

    public static async Task<IndexSize> SizeAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT pg_relation_size('"IX_Messages_RoomId_SearchVector"'),
                   (SELECT coalesce(sum(pg_column_size("SearchVector")), 0) FROM "Messages")::bigint,
                   pg_total_relation_size('"Messages"'),
                   pg_database_size(current_database())
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new IndexSize(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string table, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            await write(importer, row);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Diagnostics;
using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Report;
using LetsChat.Server;
using LetsChat.Server.Chat;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace LetsChat.Benchmarks.Scenarios;

/// <summary>
/// Messages stored per second through the real MessageStore (each with its room's next sequence number), by one
/// sender and by 20 at once, on SQLite and on PostgreSQL; then a check that the sequence has no gaps.
/// </summary>
public static class StoreScenario
{
    public static async Task RunAsync(BenchOptions options, BenchResults results, CancellationToken cancellationToken)
    {
        var sqliteFile = Path.Combine(Path.GetTempPath(), "letschat-bench", $"store-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(sqliteFile)!);
        try
        {
            foreach (var senders in new[] { 1, 20 })
            {
                results.Store.Add(await MeasureAsync("SQLite", $"Data Source={sqliteFile}", null, senders, options.StoreSeconds, cancellationToken));
            }
        }
        finally
        {
            foreach (var file in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }

        if (PostgresProcess.IsInstalled)
        {
            await using var postgres = await PostgresProcess.StartAsync();
            foreach (var senders in new[] { 1, 20 })
            {
                results.Store.Add(await MeasureAsync("PostgreSQL", null, postgres.ConnectionString, senders, options.StoreSeconds, cancellationToken));
            }
        }
        else
        {
            results.Notes.Add("store: PostgreSQL is not installed here, so only SQLite was measured.");
        }

        var table = new Table().Title("store: messages stored per second (MessageStore.AppendAsync, one room)");
        table.AddColumns("database", "senders", "stored", "seconds", "messages/s", "sequence 1..n without gaps");
        foreach (var r in results.Store)
        {
            table.AddRow(r.Database, r.Senders.ToString(), r.Stored.ToString("N0"), r.Seconds.ToString("N1"), r.PerSecond.ToString("N0"), r.SequencesWithoutGaps ? "yes" : "NO");
        }

        AnsiConsole.Write(table);
    }

    private static async Task<StoreResult> MeasureAsync(string database, string? sqlite, string? postgres, int senders, int seconds, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:Sqlite"] = sqlite ?? string.Empty;
        builder.Configuration["ConnectionStrings:Postgres"] = postgres ?? string.Empty;
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddLetsChat();
        await using var app = builder.Build();
        await app.StartAsync(cancellationToken);
        var accounts = app.Services.GetRequiredService<UserAccounts>();
        var store = app.Services.GetRequiredService<MessageStore>();
        var authors = new List<long>();
        for (var i = 0; i < senders; i++)
        {
            var (user, refusal) = await accounts.SignInAsync(new ExternalIdentity("dev", $"STORE {senders} {i}", $"Store {i}", null, false, null, $"Store {i}"), cancellationToken);
            authors.Add(user?.Id ?? throw new InvalidOperationException(refusal));
        }

        long firstSequence;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<LetsChatDb>>().CreateDbContextAsync(cancellationToken))
        {
            firstSequence = await db.Rooms.Where(r => r.Id == Room.PublicRoomId).Select(r => r.LastSequence).SingleAsync(cancellationToken) + 1;
        }

        var stored = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(authors.Select(async author =>
        {
            while (clock.Elapsed < until)
            {
                await store.AppendAsync(Room.PublicRoomId, author, Guid.NewGuid(), "A message of ordinary length, stored for the benchmark.", DateTimeOffset.UtcNow, cancellationToken);
                Interlocked.Increment(ref stored);
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;

        bool withoutGaps;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<LetsChatDb>>().CreateDbContextAsync(cancellationToken))
        {
            var sequences = await db.Messages.Where(m => m.RoomId == Room.PublicRoomId && m.Sequence >= firstSequence)
                .OrderBy(m => m.Sequence).Select(m => m.Sequence).ToListAsync(cancellationToken);
            withoutGaps = sequences.Count == stored && sequences.Select((s, i) => s == firstSequence + i).All(ok => ok);
        }

        await app.StopAsync(cancellationToken);
        return new StoreResult(database, senders, stored, elapsed, withoutGaps);
    }
}

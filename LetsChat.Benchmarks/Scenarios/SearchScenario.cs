using System.Diagnostics;
using LetsChat.Benchmarks.Corpus;
using LetsChat.Benchmarks.Hosting;
using LetsChat.Benchmarks.Report;
using LetsChat.Components.Chat.Search;
using LetsChat.Components.Identity;
using LetsChat.Server;
using LetsChat.Server.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Spectre.Console;

namespace LetsChat.Benchmarks.Scenarios;

/// <summary>One search as timed: what was asked, in which order, how long the service took and what it found.</summary>
public sealed record SearchTiming(string Kind, string Query, SearchOrder Order, double Milliseconds, int Hits, bool Refused);

/// <summary>A corpus on one database: its load, its index's size, and every timed search.</summary>
public sealed record SearchResult(string Database, CorpusSize Size, CorpusLoad Load, IndexSize Index, IReadOnlyList<SearchTiming> Timings)
{
    /// <summary>p50, p95, p99 and max in ms of the searches of <paramref name="kind"/> (all kinds when null) in <paramref name="order"/>.</summary>
    public (double P50, double P95, double P99, double Max) Percentiles(SearchOrder order, string? kind = null)
    {
        var ms = Timings.Where(t => t.Order == order && (kind is null || t.Kind == kind)).Select(t => t.Milliseconds).Order().ToArray();
        double At(double p) => ms.Length == 0 ? double.NaN : ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(p * ms.Length) - 1)];
        return (At(0.50), At(0.95), At(0.99), At(1.0));
    }
}

/// <summary>
/// Message search on a generated chat (<see cref="ChatCorpus"/>: by default a million messages in 1,000 rooms among
/// 10,000 people), loaded straight into each database after the app's migrations ran, then typical searches
/// (<see cref="TypicalQueries"/>) made by their users through the real <see cref="IMessageSearch"/>, each in both orders.
/// </summary>
public static class SearchScenario
{
    public static async Task RunAsync(BenchOptions options, BenchResults results, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var corpus = ChatCorpus.Generate(options.SearchCorpus);
        AnsiConsole.MarkupLineInterpolated($"search: generated {corpus.Messages.Count:N0} messages in {corpus.Rooms.Count:N0} rooms among {corpus.Users.Count:N0} people in {clock.Elapsed.TotalSeconds:N1} s");
        var sqliteFile = Path.Combine(Path.GetTempPath(), "letschat-bench", $"search-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(sqliteFile)!);
        try
        {
            results.Search.Add(await MeasureAsync("SQLite", $"Data Source={sqliteFile}", null, corpus, cancellationToken));
        }
        finally
        {
            foreach (var file in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }

        if (Environment.GetEnvironmentVariable("LETSCHAT_BENCH_POSTGRES") is { Length: > 0 } existing)
        {
            // An empty database on a server of one's own (its settings, its EXPLAIN afterwards); the data stays there.
            results.Search.Add(await MeasureAsync("PostgreSQL", null, existing, corpus, cancellationToken));
        }
        else if (PostgresProcess.IsInstalled)
        {
            await using var postgres = await PostgresProcess.StartAsync();
            results.Search.Add(await MeasureAsync("PostgreSQL", null, postgres.ConnectionString, corpus, cancellationToken));
        }
        else
        {
            results.Notes.Add("search: PostgreSQL is not installed here, so only SQLite was measured.");
        }

        Print(results.Search);
    }

    /// <summary>Starts the app on the database, loads the corpus, measures the index and times the searches.</summary>
    public static async Task<SearchResult> MeasureAsync(string database, string? sqlite, string? postgres, ChatCorpus corpus, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:Sqlite"] = sqlite ?? string.Empty;
        builder.Configuration["ConnectionStrings:Postgres"] = postgres ?? string.Empty;
        // Two hundred searches in a few seconds from some users would be refused at the default.
        builder.Configuration["LetsChat:RateLimits:MessageSearchBurst"] = "1000000";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddLetsChat();
        await using var app = builder.Build();
        await app.StartAsync(cancellationToken);

        var (load, index) = await AnsiConsole.Status().StartAsync($"search: loading {corpus.Messages.Count:N0} messages into {database}", async _ =>
            postgres is not null
                ? (await PostgresCorpusLoader.LoadAsync(postgres, corpus, cancellationToken), await PostgresCorpusLoader.SizeAsync(postgres, cancellationToken))
                : (await SqliteCorpusLoader.LoadAsync(sqlite!, corpus, cancellationToken), await SqliteCorpusLoader.SizeAsync(sqlite!, cancellationToken)));
        AnsiConsole.MarkupLineInterpolated($"search: {database} loaded in {load.TotalSeconds:N1} s (messages {load.MessagesSeconds:N1} s)");

        var circuits = new Dictionary<long, AsyncServiceScope>();
        try
        {
            var timings = await AnsiConsole.Status().StartAsync($"search: {corpus.Size.Queries} searches on {database}", async _ =>
            {
                foreach (var query in TypicalQueries.Make(corpus, corpus.Size.WarmUp, seed: 1))
                {
                    await TimeAsync(app, circuits, corpus, query, SearchOrder.Newest, cancellationToken);
                    await TimeAsync(app, circuits, corpus, query, SearchOrder.BestMatch, cancellationToken);
                }

                // Each query in both orders, the order that goes first alternating, so that neither always finds the pages warm.
                var timed = new List<SearchTiming>();
                var queries = TypicalQueries.Make(corpus, corpus.Size.Queries, seed: 2);
                for (var i = 0; i < queries.Count; i++)
                {
                    var (first, second) = i % 2 == 0 ? (SearchOrder.Newest, SearchOrder.BestMatch) : (SearchOrder.BestMatch, SearchOrder.Newest);
                    timed.Add(await TimeAsync(app, circuits, corpus, queries[i], first, cancellationToken));
                    timed.Add(await TimeAsync(app, circuits, corpus, queries[i], second, cancellationToken));
                }

                return timed;
            });
            return new SearchResult(database, corpus.Size, load, index, timings);
        }
        finally
        {
            foreach (var circuit in circuits.Values)
            {
                await circuit.DisposeAsync();
            }

            await app.StopAsync(cancellationToken);
        }
    }

    private static async Task<SearchTiming> TimeAsync(WebApplication app, Dictionary<long, AsyncServiceScope> circuits, ChatCorpus corpus, TypicalQuery query, SearchOrder order, CancellationToken cancellationToken)
    {
        if (!circuits.TryGetValue(query.SearcherId, out var circuit))
        {
            circuit = await OpenCircuitAsync(app, corpus.Users[(int)query.SearcherId - 1], cancellationToken);
            circuits[query.SearcherId] = circuit;
        }

        var search = circuit.ServiceProvider.GetRequiredService<IMessageSearch>();
        var parsed = SearchQuery.Parse(query.Text);
        var clock = Stopwatch.StartNew();
        var outcome = await search.SearchAsync(parsed, order, cancellationToken: cancellationToken);
        var milliseconds = clock.Elapsed.TotalMilliseconds;
        return new SearchTiming(query.Kind, query.Text, order, milliseconds, outcome.Value?.Hits.Count ?? 0, !outcome.Succeeded);
    }

    // A scope set up as Blazor Server sets up a circuit's: the user's authentication state, with a live sign-in session.
    private static async Task<AsyncServiceScope> OpenCircuitAsync(WebApplication app, CorpusUser user, CancellationToken cancellationToken)
    {
        var session = await app.Services.GetRequiredService<UserSessions>().StartAsync(user.Id, "bench", null, cancellationToken);
        var principal = LetsChatClaims.CreatePrincipal(new SignedInUser(user.Id, user.DisplayName, null, false), session);
        var scope = app.Services.CreateAsyncScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope;
    }

    public static void Print(IEnumerable<SearchResult> results)
    {
        var rows = results.ToList();
        var corpus = new Table().Title("search: the corpus on each database, its load and its index");
        corpus.AddColumns("database", "messages", "rooms", "people", "load s (people and rooms / messages / after)", "messages/s", "index MB", "tsvector column MB", "Messages table MB", "database MB");
        foreach (var r in rows)
        {
            corpus.AddRow(r.Database, r.Size.Messages.ToString("N0"), r.Size.Rooms.ToString("N0"), r.Size.Users.ToString("N0"),
                $"{r.Load.TotalSeconds:N1} ({r.Load.PeopleAndRoomsSeconds:N1} / {r.Load.MessagesSeconds:N1} / {r.Load.FinishSeconds:N1})",
                (r.Size.Messages / r.Load.MessagesSeconds).ToString("N0"), Mb(r.Index.IndexBytes), r.Index.ColumnBytes is { } c ? Mb(c) : "-",
                Mb(r.Index.MessagesBytes), Mb(r.Index.DatabaseBytes));
        }

        AnsiConsole.Write(corpus);
        foreach (var r in rows)
        {
            var table = new Table().Title($"search on {r.Database}: ms per search through IMessageSearch, {r.Size.Queries} searches, each in both orders");
            table.AddColumns("kind", "searches", "median hits (of 20)", "none found", "newest p50", "p95", "p99", "max", "best match p50", "p95", "p99", "max");
            foreach (var kind in TypicalQueries.Kinds.Append(null))
            {
                var timings = r.Timings.Where(t => kind is null || t.Kind == kind).ToList();
                var (newest, best) = (r.Percentiles(SearchOrder.Newest, kind), r.Percentiles(SearchOrder.BestMatch, kind));
                table.AddRow(kind is null ? "[bold]all[/]" : Markup.Escape(kind), (timings.Count / 2).ToString("N0"), MedianHits(timings).ToString("N0"),
                    timings.Count(t => t.Order == SearchOrder.Newest && t.Hits == 0).ToString("N0"),
                    $"{newest.P50:N1}", $"{newest.P95:N1}", $"{newest.P99:N1}", $"{newest.Max:N1}", $"{best.P50:N1}", $"{best.P95:N1}", $"{best.P99:N1}", $"{best.Max:N1}");
            }

            AnsiConsole.Write(table);
            var slowest = new Table().Title($"search on {r.Database}: the slowest searches");
            slowest.AddColumns("search", "order", "ms", "hits");
            foreach (var t in r.Timings.OrderByDescending(t => t.Milliseconds).Take(5))
            {
                slowest.AddRow(Markup.Escape(t.Query), t.Order.ToString(), t.Milliseconds.ToString("N1"), t.Hits.ToString("N0"));
            }

            AnsiConsole.Write(slowest);
        }
    }

    public static int MedianHits(IReadOnlyList<SearchTiming> timings)
    {
        var hits = timings.Where(t => t.Order == SearchOrder.Newest).Select(t => t.Hits).Order().ToArray();
        return hits.Length == 0 ? 0 : hits[hits.Length / 2];
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("N1");
}

using LetsChat.Benchmarks.Corpus;
using LetsChat.Benchmarks.Scenarios;
using LetsChat.Components.Chat.Search;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Benchmarks;

/// <summary>
/// The search scenario at smoke size on both databases: the corpus must load through the app's schema and the typical
/// searches must find messages, the same ones on both, or the published figures time searches that find nothing.
/// Counts only, never timings.
/// </summary>
public sealed class SearchScenarioSmokeTests(PostgresServer postgres)
{
    [Fact]
    public async Task The_quick_corpus_loads_on_both_databases_and_typical_searches_find_the_same_messages()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var corpus = ChatCorpus.Generate(CorpusSize.Quick);
        var sqliteFile = Path.Combine(Path.GetTempPath(), "letschat-tests", $"search-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(sqliteFile)!);
        try
        {
            var sqlite = await SearchScenario.MeasureAsync("SQLite", $"Data Source={sqliteFile}", null, corpus, cancellationToken);
            var postgresResult = await SearchScenario.MeasureAsync("PostgreSQL", null, await postgres.CreateDatabaseAsync(), corpus, cancellationToken);

            foreach (var result in new[] { sqlite, postgresResult })
            {
                result.Timings.Count.ShouldBe(CorpusSize.Quick.Queries * 2, "each search once in each order");
                result.Timings.ShouldAllBe(t => !t.Refused, "the benchmark's searchers are signed in and never rate limited");
                result.Timings.Where(t => t.Kind == TypicalQueries.Prefix).ShouldAllBe(t => t.Hits > 0, "a few letters of a common word match something");
                result.Timings.Count(t => t.Order == SearchOrder.Newest && t.Hits > 0).ShouldBeGreaterThanOrEqualTo(CorpusSize.Quick.Queries / 2);
                result.Index.IndexBytes.ShouldBeGreaterThan(0);
                result.Index.MessagesBytes.ShouldBeGreaterThan(0);
            }

            postgresResult.Timings.Select(t => (t.Query, t.Order, t.Hits)).ShouldBe(sqlite.Timings.Select(t => (t.Query, t.Order, t.Hits)),
                "the same corpus and searches find as many messages on either database");
        }
        finally
        {
            foreach (var file in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}

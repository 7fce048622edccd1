using System.Globalization;
using System.Text;
using LetsChat.Benchmarks.Corpus;
using LetsChat.Benchmarks.Scenarios;
using LetsChat.Components.Chat.Search;

namespace LetsChat.Benchmarks.Report;

public static partial class PerformanceReport
{
    private static void AppendSearch(BenchResults results, StringBuilder md)
    {
        if (results.Search.Count == 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        var size = results.Search[0].Size;
        md.AppendLine("## Search: messages found in a large chat");
        md.AppendLine();
        md.AppendLine(inv, $"A generated chat of {size.Messages:N0} messages in {size.Rooms:N0} rooms (the public room with a tenth of them, group rooms of 10–50 members,");
        md.AppendLine(inv, $"private rooms between friends) among {size.Users:N0} people, over a year; words drawn by a Zipf law from a few thousand, some messages with");
        md.AppendLine("a link, a mention or a rare word. It is loaded straight into the migrated database (PostgreSQL: binary COPY, then VACUUM ANALYZE;");
        md.AppendLine("SQLite: one transaction of prepared inserts); the index fills itself as on any insert (a generated tsvector and a GIN index on room");
        md.AppendLine(inv, $"and tsvector; FTS5 by triggers). Then {size.Queries} typical searches ({size.WarmUp} more first, not counted), each by a member of the rooms it names,");
        md.AppendLine("through the real `IMessageSearch` (session check, rate limit, the one SQL query, snippets, people and rooms), in both orders; times are");
        md.AppendLine("the whole call, in-process, on a warm database.");
        md.AppendLine();
        md.AppendLine("| database | messages | load (people and rooms / messages / after) | messages/s | index (GIN / FTS5 tables) | tsvector column | Messages table with its indexes | database |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results.Search)
        {
            md.AppendLine(inv, $"| {r.Database} | {r.Size.Messages:N0} | {r.Load.TotalSeconds:N1} s ({r.Load.PeopleAndRoomsSeconds:N1} / {r.Load.MessagesSeconds:N1} / {r.Load.FinishSeconds:N1}) | {r.Size.Messages / r.Load.MessagesSeconds:N0} | {Mb(r.Index.IndexBytes)} | {(r.Index.ColumnBytes is { } c ? Mb(c) : "-")} | {Mb(r.Index.MessagesBytes)} | {Mb(r.Index.DatabaseBytes)} |");
        }

        md.AppendLine();
        foreach (var r in results.Search)
        {
            md.AppendLine(inv, $"{r.Database}, ms per search (newest first | best match first):");
            md.AppendLine();
            md.AppendLine("| kind | searches | median hits (of 20) | none found | p50 | p95 | p99 | max | p50 | p95 | p99 | max |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var kind in TypicalQueries.Kinds.Append(null))
            {
                var timings = r.Timings.Where(t => kind is null || t.Kind == kind).ToList();
                var (n, b) = (r.Percentiles(SearchOrder.Newest, kind), r.Percentiles(SearchOrder.BestMatch, kind));
                md.AppendLine(inv, $"| {(kind is null ? "**all**" : "`" + kind + "`")} | {timings.Count / 2} | {SearchScenario.MedianHits(timings)} | {timings.Count(t => t.Order == SearchOrder.Newest && t.Hits == 0)} | {n.P50:N1} | {n.P95:N1} | {n.P99:N1} | {n.Max:N1} | {b.P50:N1} | {b.P95:N1} | {b.P99:N1} | {b.Max:N1} |");
            }

            md.AppendLine();
            var slowest = r.Timings.OrderByDescending(t => t.Milliseconds).Take(5).Select(t => $"`{t.Query}` ({(t.Order == SearchOrder.Newest ? "newest" : "best match")}) {t.Milliseconds:N0} ms");
            md.AppendLine(inv, $"Slowest on {r.Database}: {string.Join(", ", slowest)}.");
            md.AppendLine();
        }
    }
}

using LetsChat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace LetsChat.Server.Search;

/// <summary>
/// PostgreSQL: the generated <c>"SearchVector"</c> and its GIN index by room and text (migrations MessageSearch, MessageSearchByRoom), <c>websearch_to_tsquery</c>
/// for phrases and exclusions, prefix lexemes for words, <c>ts_rank</c> and <c>ts_headline</c>; names by trigram.
/// </summary>
internal sealed class PostgresSearchIndex : ISearchIndex
{
    private static readonly string HeadlineOptions = $"StartSel={Snippets.Start}, StopSel={Snippets.End}, MaxWords=30, MinWords=15";

    public IQueryable<TextMatch> Matching(LetsChatDb db, SearchTerms terms, IReadOnlyCollection<long> roomIds)
    {
        // The query's SQL is made of fixed pieces; everything typed is in the parameters. Rooms and text together are
        // one scan of the GIN index on ("RoomId", "SearchVector") (migration MessageSearchByRoom).
        var (query, parameters) = TsQuery(terms);
        var rooms = new NpgsqlParameter("rooms", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = roomIds.ToArray() };
        var sql = $"""SELECT m."Id", ts_rank(m."SearchVector", {query}, 1)::float8 AS "Rank" FROM "Messages" m WHERE m."RoomId" = ANY(@rooms) AND m."SearchVector" @@ {query}""";
        return db.Database.SqlQueryRaw<TextMatch>(sql, [.. parameters, rooms]);
    }

    public IQueryable<TextMatch> HavingAny(LetsChatDb db, IReadOnlyList<string> lexemes) =>
        db.Database.SqlQueryRaw<TextMatch>(
            """SELECT m."Id", 0::float8 AS "Rank" FROM "Messages" m WHERE m."SearchVector" @@ to_tsquery('simple', @any)""",
            Text("any", string.Join(" | ", lexemes.Select(Lexeme))));

    public async Task<Dictionary<long, string>> SnippetsAsync(LetsChatDb db, SearchTerms terms, IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken)
    {
        var (query, parameters) = TsQuery(terms);
        var ids = new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = messageIds.ToArray() };
        var sql = $"""SELECT "Id", ts_headline('simple', "Body", {query}, @options) AS "Text" FROM "Messages" WHERE "Id" = ANY(@ids)""";
        var rows = await db.Database.SqlQueryRaw<SnippetRow>(sql, [.. parameters, ids, Text("options", HeadlineOptions)])
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Text);
    }

    public IQueryable<TextMatch> PeopleNamed(LetsChatDb db, string key) =>
        db.Database.SqlQueryRaw<TextMatch>(
            """
            SELECT u."Id", greatest(word_similarity(@key, u."SearchName"), word_similarity(@key, u."NormalizedHandle"),
                CASE WHEN u."SearchName" LIKE @like OR u."NormalizedHandle" LIKE @like THEN 1 ELSE 0 END)::float8 AS "Rank"
            FROM "Users" u
            WHERE u."SearchName" LIKE @like OR u."NormalizedHandle" LIKE @like OR @key <% u."SearchName" OR @key <% u."NormalizedHandle"
            """,
            Text("key", key), Text("like", Contains(key)));

    public IQueryable<TextMatch> RoomsNamed(LetsChatDb db, string key) =>
        db.Database.SqlQueryRaw<TextMatch>(
            """
            SELECT r."Id", greatest(word_similarity(@key, upper(r."Name")), CASE WHEN upper(r."Name") LIKE @like THEN 1 ELSE 0 END)::float8 AS "Rank"
            FROM "Rooms" r WHERE upper(r."Name") LIKE @like OR @key <% upper(r."Name")
            """,
            Text("key", key), Text("like", Contains(key)));

    // Words as prefixes (to_tsquery with quoted lexemes), phrases and exclusions through websearch_to_tsquery.
    private static (string Sql, NpgsqlParameter[] Parameters) TsQuery(SearchTerms terms)
    {
        var parts = new List<string>();
        var parameters = new List<NpgsqlParameter>();
        if (terms.Prefixes.Count > 0)
        {
            parts.Add("to_tsquery('simple', @prefixes)");
            parameters.Add(Text("prefixes", string.Join(" & ", terms.Prefixes.Select(p => Lexeme(p) + ":*"))));
        }

        var web = terms.Phrases.Select(p => $"\"{string.Join(' ', p)}\"").Concat(terms.Excluded.Select(e => "-" + e)).ToList();
        if (web.Count > 0)
        {
            parts.Add("websearch_to_tsquery('simple', @web)");
            parameters.Add(Text("web", string.Join(' ', web)));
        }

        return ($"({string.Join(" && ", parts)})", [.. parameters]);
    }

    // Lexemes are letters and digits only (SearchTerms); quoting them still keeps any of them from reading as an operator.
    private static string Lexeme(string lexeme) => $"'{lexeme}'";

    private static string Contains(string key) => "%" + key.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    private static NpgsqlParameter Text(string name, string value) => new(name, NpgsqlDbType.Text) { Value = value };
}

/// <summary>A message's snippet as a provider cuts it.</summary>
public sealed record SnippetRow(long Id, string Text);

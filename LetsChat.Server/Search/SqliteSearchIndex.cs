using System.Text.Json;
using LetsChat.Server.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LetsChat.Server.Search;

/// <summary>
/// SQLite: the FTS5 table <c>"MessageSearch"</c> over Messages.Body, kept in step by triggers (migration MessageSearch),
/// ranked by <c>bm25</c>, cut by <c>snippet</c>; names by substring.
/// </summary>
internal sealed class SqliteSearchIndex : ISearchIndex
{
    // FTS5 knows nothing of rooms: the caller's own room check does all the narrowing.
    public IQueryable<TextMatch> Matching(LetsChatDb db, SearchTerms terms, IReadOnlyCollection<long> roomIds) =>
        db.Database.SqlQueryRaw<TextMatch>(
            """SELECT rowid AS "Id", -bm25("MessageSearch") AS "Rank" FROM "MessageSearch" WHERE "MessageSearch" MATCH @match""",
            Text("@match", Match(terms)));

    public IQueryable<TextMatch> HavingAny(LetsChatDb db, IReadOnlyList<string> lexemes) =>
        db.Database.SqlQueryRaw<TextMatch>(
            """SELECT rowid AS "Id", 0.0 AS "Rank" FROM "MessageSearch" WHERE "MessageSearch" MATCH @any""",
            Text("@any", string.Join(" OR ", lexemes.Select(Quote))));

    public async Task<Dictionary<long, string>> SnippetsAsync(LetsChatDb db, SearchTerms terms, IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<SnippetRow>(
                """SELECT rowid AS "Id", snippet("MessageSearch", 0, char(2), char(3), '…', 24) AS "Text" FROM "MessageSearch" WHERE "MessageSearch" MATCH @match AND rowid IN (SELECT value FROM json_each(@ids))""",
                Text("@match", Match(terms)), Text("@ids", JsonSerializer.Serialize(messageIds)))
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Text);
    }

    public IQueryable<TextMatch> PeopleNamed(LetsChatDb db, string key) =>
        db.Database.SqlQueryRaw<TextMatch>(
            """
            SELECT "Id", CASE WHEN instr("SearchName", @key) = 1 OR instr("NormalizedHandle", @key) = 1 THEN 1.0 ELSE 0.5 END AS "Rank"
            FROM "Users" WHERE instr("SearchName", @key) > 0 OR instr("NormalizedHandle", @key) > 0
            """,
            Text("@key", key));

    public IQueryable<TextMatch> RoomsNamed(LetsChatDb db, string key) =>
        db.Database.SqlQueryRaw<TextMatch>(
            """SELECT "Id", CASE WHEN instr(upper("Name"), @key) = 1 THEN 1.0 ELSE 0.5 END AS "Rank" FROM "Rooms" WHERE instr(upper("Name"), @key) > 0""",
            Text("@key", key));

    // FTS5's own syntax: each lexeme quoted, words as prefixes, phrases whole, exclusions after NOT.
    private static string Match(SearchTerms terms)
    {
        var positive = terms.Prefixes.Select(p => Quote(p) + "*").Concat(terms.Phrases.Select(p => Quote(string.Join(' ', p))));
        var match = "(" + string.Join(" AND ", positive) + ")";
        return terms.Excluded.Aggregate(match, (text, excluded) => text + " NOT " + Quote(excluded));
    }

    private static string Quote(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static SqliteParameter Text(string name, string value) => new(name, SqliteType.Text) { Value = value };
}

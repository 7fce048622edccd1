using LetsChat.Server.Data;

namespace LetsChat.Server.Search;

/// <summary>
/// What each database does its own way: match message text, cut snippets, and find names that look like a word.
/// Everything else about a search (who may read what, filters, order, paging) is one LINQ query in
/// <see cref="MessageSearch"/>, composed over these, so both databases apply the same rules in SQL.
/// </summary>
public interface ISearchIndex
{
    /// <summary>
    /// Every message in <paramref name="roomIds"/> whose text matches <paramref name="terms"/> (deleted ones too: the caller
    /// leaves them out), with a score where higher is better. The rooms let an index keyed by room skip every other room's
    /// matches; they narrow the search, they do not grant access (the caller checks that in the same query).
    /// </summary>
    IQueryable<TextMatch> Matching(LetsChatDb db, SearchTerms terms, IReadOnlyCollection<long> roomIds);

    /// <summary>Every message that has any of <paramref name="lexemes"/> as a whole word.</summary>
    IQueryable<TextMatch> HavingAny(LetsChatDb db, IReadOnlyList<string> lexemes);

    /// <summary>For each of <paramref name="messageIds"/>, the text around its matches with each match between <see cref="Snippets.Start"/> and <see cref="Snippets.End"/>.</summary>
    Task<Dictionary<long, string>> SnippetsAsync(LetsChatDb db, SearchTerms terms, IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken);

    /// <summary>People whose display name or handle looks like <paramref name="key"/> (upper case), best first.</summary>
    IQueryable<TextMatch> PeopleNamed(LetsChatDb db, string key);

    /// <summary>Rooms whose name looks like <paramref name="key"/> (upper case), best first.</summary>
    IQueryable<TextMatch> RoomsNamed(LetsChatDb db, string key);
}

/// <summary>A row a provider found, by id, and how well it matched.</summary>
public sealed record TextMatch(long Id, double Rank);

using System.Globalization;

namespace LetsChat.Components.Chat.Search;

/// <summary>A filter the search page offers as a chip: its label, whether the query has it, and the query with it toggled.</summary>
public sealed record SearchChip(string Label, bool Pressed, SearchQuery Toggled);

/// <summary>A filter the query has that the chips do not offer (from:, in:, a date, a left-out word), with the query without it.</summary>
public sealed record SearchFilter(string Text, SearchQuery Without);

/// <summary>
/// The chips under the search box, worked out from the query alone (no renderer): offered filters to switch on and
/// off, and the query's other filters to remove one by one. Every chip changes the query, and so the box's text.
/// </summary>
public static class SearchChips
{
    public static IReadOnlyList<SearchChip> Offered(SearchQuery query, DateOnly today)
    {
        var (week, month) = (PastWeek(today), PastMonth(today));
        return
        [
            new("Has file", query.HasFile, query with { HasFile = !query.HasFile }),
            new("Has link", query.HasLink, query with { HasLink = !query.HasLink }),
            new("Past week", query.After == week, query with { After = query.After == week ? null : week }),
            new("Past month", query.After == month, query with { After = query.After == month ? null : month }),
        ];
    }

    public static IReadOnlyList<SearchFilter> Others(SearchQuery query, DateOnly today)
    {
        var filters = new List<SearchFilter>();
        if (query.FromHandle is { } from)
        {
            filters.Add(new($"from:@{from}", query with { FromHandle = null }));
        }

        if (query.InRoom is { } room)
        {
            filters.Add(new($"in:{room}", query with { InRoom = null }));
        }

        if (query.After is { } after && after != PastWeek(today) && after != PastMonth(today))
        {
            filters.Add(new($"after:{after.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", query with { After = null }));
        }

        if (query.Before is { } before)
        {
            filters.Add(new($"before:{before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", query with { Before = null }));
        }

        foreach (var excluded in query.Excluded)
        {
            filters.Add(new($"-{excluded}", query with { Excluded = [.. query.Excluded.Where(e => e != excluded)] }));
        }

        return filters;
    }

    // after: leaves its own day out, so the day before the first one shown.
    private static DateOnly PastWeek(DateOnly today) => today.AddDays(-8);

    private static DateOnly PastMonth(DateOnly today) => today.AddMonths(-1).AddDays(-1);
}

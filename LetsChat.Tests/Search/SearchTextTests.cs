using LetsChat.Components.Chat.Search;
using LetsChat.Server.Search;

namespace LetsChat.Tests.Search;

/// <summary>The plain parts of search: lexemes as both indexes cut them, snippets split for the screen, and the chips.</summary>
public sealed class SearchTextTests
{
    [Fact]
    public void A_query_becomes_lexemes_of_letters_and_digits_only_so_no_syntax_reaches_a_database()
    {
        var terms = SearchTerms.From(SearchQuery.Parse("Café e-mail \"Friday AFTERNOON\" -spam' NEAR(x) ':*' 3.14"));

        terms.Prefixes.ShouldBe(["café"]);
        terms.Phrases.Select(p => string.Join(" ", p)).ShouldBe(["e mail", "near x", "3 14", "friday afternoon"]);
        terms.Excluded.ShouldBe(["spam"]);
        SearchTerms.From(SearchQuery.Parse("-- :: ''")).HasText.ShouldBeFalse();
    }

    [Fact]
    public void A_snippet_splits_into_marked_and_plain_parts_with_mentions_as_names_and_markdown_marks_dropped()
    {
        var marked = $"hi <@7>, the **{Snippets.Start}picnic{Snippets.End}** is on; `{Snippets.Start}picnic{Snippets.End}s`\nsoon";

        var parts = Snippets.Parse(marked, new Dictionary<long, string> { [7] = "Ada" });

        parts.ShouldBe([new("hi @Ada, the ", false), new("picnic", true), new(" is on; ", false), new("picnic", true), new("s soon", false)]);
        Snippets.Parse($"{Snippets.Start}open", new Dictionary<long, string>()).ShouldBe([new("open", true)]);
        Snippets.Opening(new string('a', 300)).Length.ShouldBe(Snippets.PlainLength + 1);
    }

    [Fact]
    public void Chips_toggle_their_filter_and_list_the_others_to_remove()
    {
        var today = new DateOnly(2026, 12, 4);
        var query = SearchQuery.Parse("lunch from:@ada -salad after:2026-11-26 has:file");

        var offered = SearchChips.Offered(query, today);
        offered.Where(c => c.Pressed).Select(c => c.Label).ShouldBe(["Has file", "Past week"]);
        offered.Single(c => c.Label == "Has link").Toggled.ToString().ShouldBe("lunch -salad from:@ada has:file has:link after:2026-11-26");
        offered.Single(c => c.Label == "Past week").Toggled.After.ShouldBeNull();
        SearchChips.Others(query, today).Select(f => f.Text).ShouldBe(["from:@ada", "-salad"]);
        SearchChips.Others(query, today).Single(f => f.Text == "-salad").Without.Excluded.ShouldBeEmpty();
    }
}

using LetsChat.Components.Chat.Search;

namespace LetsChat.Tests.Chat.Search;

/// <summary>The search box's text, parsed: words, phrases, exclusions and every filter; and what it refuses to guess.</summary>
public sealed class SearchQueryTests
{
    [Fact]
    public void Words_phrases_and_exclusions_are_told_apart()
    {
        var query = SearchQuery.Parse("  pizza \"friday night\" -pineapple -\"cold crust\" \"single\" ");

        query.Words.ShouldBe(["pizza", "single"]);
        query.Phrases.ShouldBe(["friday night"]);
        query.Excluded.ShouldBe(["pineapple", "cold crust"]);
        query.Problems.ShouldBeEmpty();
        query.ToString().ShouldBe("pizza single \"friday night\" -pineapple -\"cold crust\"");
    }

    [Fact]
    public void Every_filter_is_read_whatever_its_case_and_written_back_in_a_fixed_order()
    {
        var query = SearchQuery.Parse("FROM:@ada In:\"Book club\" has:file HAS:links before:2026-12-31 after:2026-01-01 minutes");

        (query.FromHandle, query.InRoom, query.HasFile, query.HasLink).ShouldBe(("ada", "Book club", true, true));
        (query.Before, query.After).ShouldBe((new DateOnly(2026, 12, 31), new DateOnly(2026, 1, 1)));
        query.Words.ShouldBe(["minutes"]);
        query.Problems.ShouldBeEmpty();
        query.ToString().ShouldBe("minutes from:@ada in:\"Book club\" has:file has:link after:2026-01-01 before:2026-12-31");
        SearchQuery.Parse(query.ToString()).ShouldBeEquivalentTo(query);
        SearchQuery.Parse("from:bob in:#general").ShouldSatisfyAllConditions(q => q.FromHandle.ShouldBe("bob"), q => q.InRoom.ShouldBe("general"));
    }

    [Theory]
    [InlineData("from:@a", "from: takes someone's handle, like from:@ada.")]
    [InlineData("from:@ada;DROP", "from: takes someone's handle, like from:@ada.")]
    [InlineData("has:pictures", "has: takes file or link.")]
    [InlineData("before:31/12/2026", "before: takes a date like before:2026-12-31.")]
    [InlineData("after:tomorrow", "after: takes a date like after:2026-12-31.")]
    [InlineData("in:", "in: takes a room's name, in quotes when it has spaces: in:\"Book club\".")]
    [InlineData("-from:@ada", "-from: cannot be used; leave the from: filter out instead.")]
    [InlineData("after:2026-05-01 before:2026-04-01", "after: must come before before:; no message can be in both.")]
    public void A_filter_that_cannot_be_understood_is_named_and_left_out(string text, string problem)
    {
        var query = SearchQuery.Parse(text);

        query.Problems.ShouldBe([problem]);
        query.FromHandle.ShouldBeNull();
        query.HasFile.ShouldBeFalse();
    }

    [Theory]
    [InlineData("' OR 1=1; DROP TABLE \"Messages\"; --")]
    [InlineData("NEAR(a b) AND c* OR ^d:e {f}")]
    [InlineData("\"unterminated phrase with words")]
    [InlineData("a\u0000b\u202Ec\u200Bd")]
    public void Hostile_text_becomes_plain_terms_and_never_syntax(string text)
    {
        var query = SearchQuery.Parse(text);

        query.Words.Concat(query.Phrases).Concat(query.Excluded).ShouldAllBe(term => term.Length > 0 && !term.Any(char.IsControl));
        query.Words.Concat(query.Phrases).Concat(query.Excluded).ShouldNotContain(term => term.Contains('\u202E') || term.Contains('\u200B'));
        SearchQuery.Parse(query.ToString()).ToString().ShouldBe(query.ToString());
    }

    [Fact]
    public void An_open_quote_runs_to_the_end_and_long_or_crowded_searches_are_cut_with_a_reason()
    {
        SearchQuery.Parse("say \"hello there").Phrases.ShouldBe(["hello there"]);

        var crowded = SearchQuery.Parse(string.Join(' ', Enumerable.Range(1, 30).Select(i => $"w{i}")));
        crowded.Words.Count.ShouldBe(SearchQuery.MaxTerms);
        crowded.Problems.ShouldBe([$"Searches can have at most {SearchQuery.MaxTerms} terms; the rest were left out."]);

        var longText = SearchQuery.Parse(new string('x', 600));
        longText.Words.Single().Length.ShouldBe(SearchQuery.MaxLength);
        longText.Problems.ShouldBe([$"Searches can be at most {SearchQuery.MaxLength} characters; the rest was left out."]);

        SearchQuery.Parse("   ").IsEmpty.ShouldBeTrue();
        SearchQuery.Parse("has:file").IsEmpty.ShouldBeFalse();
        SearchQuery.Parse(null).ShouldSatisfyAllConditions(q => q.IsEmpty.ShouldBeTrue(), q => q.Problems.ShouldBeEmpty());
    }
}

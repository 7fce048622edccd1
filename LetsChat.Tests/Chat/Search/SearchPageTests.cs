using Bunit;
using LetsChat.Components.Chat.Search;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Chat.Search;

/// <summary>The search page: typing, chips, order, results and late answers, against a recording search service.</summary>
public sealed class SearchPageTests : ComponentTest
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingSearch _search = new();

    public SearchPageTests()
    {
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton<IMessageSearch>(_search);
    }

    [Fact]
    public void Typing_searches_once_the_typing_pauses_and_shows_each_result_with_its_words_marked()
    {
        var page = Render<SearchPage>();
        page.Find("input[aria-label='Search messages']").Input("lunch");
        page.Find("input[aria-label='Search messages']").Input("lunch plans");
        _search.Calls.ShouldBeEmpty("nothing runs while the reader is still typing");

        _time.Advance(SearchPage.Debounce);

        page.WaitForAssertion(() => page.FindAll(".search-hit").Count.ShouldBe(1));
        _search.Calls.Select(c => c.Query.ToString()).ShouldBe(["lunch plans"], "one search for the pause, none for the first key");
        var hit = page.Find(".search-hit");
        hit.GetAttribute("href").ShouldBe("/chat/7/m/42");
        hit.TextContent.ShouldContain("Ada");
        hit.TextContent.ShouldContain("in Study group");
        page.FindAll(".search-hit mark").Select(m => m.TextContent).ShouldBe(["lunch"]);
        Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/search?q=lunch%20plans");
    }

    [Fact]
    public void A_snippet_and_names_are_written_as_text_never_as_markup()
    {
        _search.Word = "<img src=x onerror=alert(1)>";
        var page = Opened("img");

        page.WaitForAssertion(() => page.FindAll(".search-hit mark").Count.ShouldBe(1));
        page.FindAll(".search-hit img").ShouldBeEmpty();
        page.Find(".search-hit mark").TextContent.ShouldBe("<img src=x onerror=alert(1)>");
    }

    [Fact]
    public void A_chip_adds_its_filter_to_the_query_and_the_box_and_a_filter_typed_in_the_box_can_be_removed()
    {
        var page = Opened("lunch from:@ada");
        page.WaitForAssertion(() => _search.Calls.Count.ShouldBe(1));
        _search.Calls[0].Query.FromHandle.ShouldBe("ada");

        page.FindAll(".search-filters button").Single(b => b.TextContent == "Has file").Click();

        page.WaitForAssertion(() => _search.Calls.Count.ShouldBe(2));
        _search.Calls[1].Query.HasFile.ShouldBeTrue();
        BoxText().ShouldBe("lunch from:@ada has:file");
        page.FindAll(".search-filters button").Single(b => b.TextContent == "Has file").GetAttribute("aria-pressed").ShouldBe("true");

        page.Find("button[aria-label='Remove from:@ada']").Click();

        page.WaitForAssertion(() => _search.Calls.Count.ShouldBe(3));
        _search.Calls[2].Query.FromHandle.ShouldBeNull();
        BoxText().ShouldBe("lunch has:file");
    }

    [Fact]
    public void Best_match_asks_for_that_order_and_keeps_it_in_the_address()
    {
        var page = Opened("lunch");
        page.WaitForAssertion(() => _search.Calls.Count.ShouldBe(1));

        page.FindAll(".search-order button").Single(b => b.TextContent == "Best match").Click();

        page.WaitForAssertion(() => _search.Calls.Count.ShouldBe(2));
        _search.Calls[1].Order.ShouldBe(SearchOrder.BestMatch);
        Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/search?q=lunch&order=best");
    }

    [Fact]
    public void A_late_answer_to_an_older_query_is_dropped_and_a_refusal_is_shown()
    {
        var slow = new TaskCompletionSource<Outcome<SearchResults>>();
        _search.Next = slow.Task;
        var page = Opened("old");
        var box = page.Find("input[aria-label='Search messages']");
        _search.Refusal = "You are searching too fast. You can go on in 3 seconds.";
        box.KeyDown("Enter");
        page.WaitForAssertion(() => page.Find("[role=alert]").TextContent.ShouldContain("searching too fast"));

        slow.SetResult(Outcome.Done(RecordingSearch.Results("old")));

        page.FindAll(".search-hit").ShouldBeEmpty("the answer to the earlier query came too late to show");
    }

    // What the page last wrote into the box (the browser owns its text, so the page writes it through letschat.js).
    private string? BoxText() =>
        JSInterop.Invocations["letsChat.setValue"].LastOrDefault().Arguments is [var id, string text] && (string?)id == SearchPage.BoxId ? text : null;

    private IRenderedComponent<SearchPage> Opened(string q)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("q", q));
        return Render<SearchPage>();
    }

    private sealed class RecordingSearch : IMessageSearch
    {
        public List<(SearchQuery Query, SearchOrder Order, int Page)> Calls { get; } = [];

        public Task<Outcome<SearchResults>>? Next { get; set; }

        public string? Refusal { get; set; }

        /// <summary>The matched word every result shows, instead of the query's first word.</summary>
        public string? Word { get; set; }

        public Task<Outcome<SearchResults>> SearchAsync(SearchQuery query, SearchOrder order, int page = 0, CancellationToken cancellationToken = default)
        {
            Calls.Add((query, order, page));
            if (Next is { } next)
            {
                Next = null;
                return next;
            }

            return Task.FromResult(Refusal is { } refusal ? Outcome.Refused<SearchResults>(refusal) : Outcome.Done(Results(Word ?? query.Words.FirstOrDefault() ?? "")));
        }

        public static SearchResults Results(string word) => new(
            [new SearchHit(1, 7, RoomKind.Group, "Study group", 42, "Ada", "ada", null, new DateTimeOffset(2026, 12, 3, 9, 30, 0, TimeSpan.Zero),
                [new SnippetPart("let's have ", false), new SnippetPart(word, true), new SnippetPart(" at noon", false)], 0)],
            false, [], [], []);
    }
}

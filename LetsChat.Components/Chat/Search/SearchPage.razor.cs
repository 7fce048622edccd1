using System.Globalization;
using LetsChat.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace LetsChat.Components.Chat.Search;

/// <summary>
/// Message search: results as the reader types (a quarter second after the last key, or at once on Enter), newest or
/// best first, with chips for filters. The query lives in the address (<c>/search?q=…&amp;order=best</c>), so back from
/// a result comes back to the same results. A late answer to an older query is dropped.
/// </summary>
public sealed partial class SearchPage : IDisposable
{
    /// <summary>How long typing must pause before a search runs: fewer searches than keys, results before the reader waits.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    public const string BoxId = "search-messages";

    private string _text = string.Empty;
    private SearchQuery _query = SearchQuery.Empty;
    private SearchOrder _order = SearchOrder.Newest;
    private SearchResults _results = SearchResults.None;
    private List<SearchHit> _hits = [];
    private int _page;
    private bool _searching;
    private bool _searched;
    private string? _refusal;
    private long _version;
    private CancellationTokenSource? _typing;
    // Text to write into the box after the next render: the address's when the page opens, a chip's when one is used.
    private string? _boxText;

    [Inject]
    private IMessageSearch Search { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ReaderTimeZone ReaderZone { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")]
    public string? Q { get; set; }

    [SupplyParameterFromQuery(Name = "order")]
    public string? Order { get; set; }

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), ReaderZone.Zone).DateTime);

    // The address is read once, when the page opens (or is come back to): after that the page writes it, with each search,
    // and reading it back would race the reader's typing.
    protected override async Task OnInitializedAsync()
    {
        _text = _boxText = Q ?? string.Empty;
        _order = Order == "best" ? SearchOrder.BestMatch : SearchOrder.Newest;
        await RunAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_boxText is { } text)
        {
            _boxText = null;
            await JS.InvokeVoidAsync("letsChat.setValue", BoxId, text);
        }
    }

    private async Task OnTypedAsync(ChangeEventArgs e)
    {
        _text = e.Value as string ?? string.Empty;
        _query = SearchQuery.Parse(_text);
        var typing = new CancellationTokenSource();
        if (Interlocked.Exchange(ref _typing, typing) is { } earlier)
        {
            earlier.Cancel();
            earlier.Dispose();
        }

        try
        {
            await Task.Delay(Debounce, Time, typing.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await RunAsync();
    }

    private async Task OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            _typing?.Cancel();
            await RunAsync();
        }
    }

    private Task ReorderAsync(SearchOrder order)
    {
        _order = order;
        return RunAsync();
    }

    private Task ChangeAsync(SearchQuery query)
    {
        _text = _boxText = query.ToString();
        return RunAsync();
    }

    private async Task RunAsync()
    {
        _query = SearchQuery.Parse(_text);
        _page = 0;
        Navigation.NavigateTo(Address(), replace: true);
        if (_query.IsEmpty)
        {
            _version++;
            (_results, _hits, _searched, _searching, _refusal) = (SearchResults.None, [], false, false, null);
            return;
        }

        await LoadAsync(append: false);
    }

    private Task MoreAsync()
    {
        _page++;
        return LoadAsync(append: true);
    }

    private async Task LoadAsync(bool append)
    {
        var version = ++_version;
        _searching = true;
        StateHasChanged();
        var outcome = await Search.SearchAsync(_query, _order, _page);
        if (version != _version)
        {
            return;
        }

        _searching = false;
        _searched = true;
        _refusal = outcome.Succeeded ? null : outcome.Message;
        if (outcome.Value is { } results)
        {
            _hits = append ? [.. _hits, .. results.Hits] : [.. results.Hits];
            _results = append ? results with { People = _results.People, Rooms = _results.Rooms } : results;
        }
        else if (!append)
        {
            (_hits, _results) = ([], SearchResults.None);
        }
    }

    private string Address()
    {
        var query = new Dictionary<string, object?>
        {
            ["q"] = _text.Length > 0 ? _text : null,
            ["order"] = _order == SearchOrder.BestMatch ? "best" : null,
        };
        return Navigation.GetUriWithQueryParameters("/search", query);
    }

    private static string Pressed(bool pressed) => pressed ? "true" : "false";

    private string ShortTime(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, ReaderZone.Zone);
        var today = TimeZoneInfo.ConvertTime(Time.GetUtcNow(), ReaderZone.Zone).Date;
        var format = local.Date == today ? "HH:mm" : local.Year == today.Year ? "d MMM" : "d MMM yyyy";
        return local.ToString(format, CultureInfo.InvariantCulture);
    }

    private string FullTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, ReaderZone.Zone).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _typing?.Cancel();
        _typing?.Dispose();
    }
}

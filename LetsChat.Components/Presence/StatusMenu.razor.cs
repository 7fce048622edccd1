using System.Globalization;
using LetsChat.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace LetsChat.Components.Presence;

/// <summary>
/// The reader's own status: online, away or do not disturb (for a while), and a custom status for friends. It also
/// tells the server, at most twice a minute, that the reader is using this tab, so that they are away only when idle
/// in every tab.
/// </summary>
public sealed partial class StatusMenu
{
    private static readonly string[] Emojis = ["💬", "📅", "🍔", "🤒", "🏖️", "🚌", "🏠", "🎧", "✈️", "💻", "🎉", "😴"];

    private static readonly (string Key, string Label)[] ClearAfterChoices =
        [("never", "Don't clear"), ("30m", "30 minutes"), ("1h", "1 hour"), ("4h", "4 hours"), ("today", "Today"), ("week", "This week")];

    private DotNetObjectReference<StatusMenu>? _self;
    private bool _open;
    private bool _pickingDnd;
    private DateTime? _dndDate;
    private string _emoji = Emojis[0];
    private string? _text;
    private string _clearAfter = "never";
    private string? _message;
    private bool _failed;
    private long? _me;

    [Inject]
    private IMyStatus Status { get; set; } = default!;

    [Inject]
    private MyStatusState State { get; set; } = default!;

    [Inject]
    private IUserFeed UserFeed { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ReaderTimeZone ReaderZone { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider Authentication { get; set; } = default!;

    private DateTimeOffset Now => Time.GetUtcNow();

    private Availability Shown => State.Current?.Availability ?? Availability.Online;

    private string ShortLabel => State.Current?.IsDoNotDisturb(Now) == true ? "Do not disturb" : Shown == Availability.Away ? "Away" : "Online";

    private string Title => State.Current switch
    {
        { } s when s.IsDoNotDisturb(Now) => "Status: do not disturb" + (s.Until is { } until ? $" until {Local(until):HH:mm}" : string.Empty),
        { Custom: { } custom } s => $"Status: {ShortLabel.ToLowerInvariant()} · {custom.Label}",
        _ => $"Status: {ShortLabel.ToLowerInvariant()}",
    };

    protected override async Task OnInitializedAsync()
    {
        _me = Identity.UserClaims.UserId((await Authentication.GetAuthenticationStateAsync()).User);
        await FollowAsync(UserFeed, OnUserEventsAsync);
        State.Set(await Status.GetAsync());
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            await JS.InvokeVoidAsync("letsChat.watchActivity", _self);
        }
    }

    /// <summary>Called by the page (throttled there too) when the reader types, clicks, touches or comes back to the tab.</summary>
    [JSInvokable]
    public Task Active() => Status.ReportActivityAsync();

    private void Toggle()
    {
        _open = !_open;
        _pickingDnd = false;
        _message = null;
        if (_open && State.Current?.Custom is { } custom)
        {
            (_emoji, _text) = (custom.Emoji ?? Emojis[0], custom.Text);
        }
    }

    private void Close() => _open = false;

    private void OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            _open = false;
        }
    }

    private async Task ChooseAsync(StatusChoice choice, DateTimeOffset? until = null)
    {
        if (await ShowAsync(await Status.ChooseAsync(choice, until)))
        {
            _pickingDnd = false;
        }
    }

    private Task ChooseDateAsync() => _dndDate is { } local
        ? ChooseAsync(StatusChoice.DoNotDisturb, new DateTimeOffset(local, ReaderZone.Zone.GetUtcOffset(local)))
        : Task.CompletedTask;

    private async Task SaveCustomAsync() => await ShowAsync(await Status.SetCustomAsync(_emoji, _text, ClearAt(_clearAfter)));

    private async Task ClearCustomAsync()
    {
        _text = null;
        await ShowAsync(await Status.SetCustomAsync(null, null, null));
    }

    private async Task<bool> ShowAsync(Outcome outcome)
    {
        (_message, _failed) = (outcome.Message, !outcome.Succeeded);
        if (outcome.Succeeded)
        {
            State.Set(await Status.GetAsync());
        }

        return outcome.Succeeded;
    }

    private async Task OnUserEventsAsync(IReadOnlyList<UserEvent> events)
    {
        if (events.OfType<StatusChanged>().Any(e => e.UserId == _me))
        {
            State.Set(await Status.GetAsync());
            StateHasChanged();
        }
    }

    private DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, ReaderZone.Zone).DateTime;

    private string LocalInput(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private string DndUntilText(DateTimeOffset? until) => until is { } end
        ? $"Do not disturb until {(Local(end).Date == Local(Now).Date ? Local(end).ToString("HH:mm", CultureInfo.InvariantCulture) : Local(end).ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture))}."
        : "Do not disturb until you turn it off.";

    private IEnumerable<(string Label, DateTimeOffset? Until)> DndChoices()
    {
        yield return ("30 minutes", Now.AddMinutes(30));
        yield return ("1 hour", Now.AddHours(1));
        yield return ("Until tomorrow", AtLocal(Local(Now).Date.AddDays(1).AddHours(8)));
        yield return ("Until I turn it off", null);
    }

    private DateTimeOffset? ClearAt(string key) => key switch
    {
        "30m" => Now.AddMinutes(30),
        "1h" => Now.AddHours(1),
        "4h" => Now.AddHours(4),
        "today" => AtLocal(Local(Now).Date.AddDays(1)),
        "week" => AtLocal(Local(Now).Date.AddDays(7 - ((int)Local(Now).DayOfWeek + 6) % 7)),
        _ => null,
    };

    private DateTimeOffset AtLocal(DateTime local) => new(local, ReaderZone.Zone.GetUtcOffset(local));

    // The page's listener may still call the released reference once; letschat.js ignores that failure.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _self?.Dispose();
        }

        base.Dispose(disposing);
    }
}

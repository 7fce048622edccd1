using System.Globalization;
using LetsChat.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace LetsChat.Components.Admin;

/// <summary>
/// The admin page's audit log: filters by day and moderator, the newest entries they select, and a link that
/// downloads all of them as CSV. It follows moderation by itself, so the page only places it.
/// </summary>
public sealed partial class AuditLogSection : LiveComponent
{
    private const int Shown = 50;

    private IReadOnlyList<AuditView> _entries = [];
    private IReadOnlyList<AuditModerator> _moderators = [];
    private DateOnly? _from;
    private DateOnly? _to;
    private long? _moderatorId;
    private Func<IReadOnlyList<object>, Task>? _reloadOnCircuit;

    [Inject]
    private IAdminService Admin { get; set; } = default!;

    [Inject]
    private ReaderTimeZone ReaderZone { get; set; } = default!;

    private AuditFilter Filter => new(_from, _to, _moderatorId);

    protected override async Task OnInitializedAsync()
    {
        var reload = OnCircuit<object>(async _ =>
        {
            await ReloadAsync();
            StateHasChanged();
        });
        _reloadOnCircuit = reload;
        // The days are the reader's: when the browser tells their time zone, the same days start at other instants.
        ReaderZone.Changed += OnZoneChanged;
        await ReloadAsync();
        // Any moderator's action, this page's own included, adds a line (and maybe a moderator to the filter).
        Keep(await Admin.WatchAsync(events => reload(events)));
    }

    private async Task ReloadAsync()
    {
        var filter = Filter;
        var moderators = await Admin.GetAuditModeratorsAsync();
        var entries = await Admin.GetAuditLogAsync(filter, ReaderZone.Zone, Shown);
        // A slower answer to an earlier choice must not replace the answer to the latest one.
        if (filter == Filter)
        {
            _moderators = moderators;
            _entries = entries;
        }
    }

    private void OnZoneChanged() => _ = _reloadOnCircuit?.Invoke([]);

    private string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, ReaderZone.Zone).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    private static string? DateValue(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReaderZone.Changed -= OnZoneChanged;
        }

        base.Dispose(disposing);
    }
}

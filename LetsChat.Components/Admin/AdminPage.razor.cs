using LetsChat.Components.Shared;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace LetsChat.Components.Admin;

/// <summary>
/// The moderators' page: live numbers, the users table with its actions, and the audit log. The page only renders;
/// the service checks the caller is a moderator on every call.
/// </summary>
public sealed partial class AdminPage : LiveComponent
{
    /// <summary>How often the numbers refresh by themselves (presence and messages change without moderators acting).</summary>
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private static readonly (int Minutes, string Label)[] MuteChoices =
    [
        (10, "10 minutes"),
        (60, "1 hour"),
        (24 * 60, "1 day"),
        (7 * 24 * 60, "1 week"),
    ];

    private AdminOverview? _overview;
    private AdminUserPage? _users;
    private Outcome? _result;
    private bool _forbidden;
    private string _query = string.Empty;
    private int _page;
    private long? _me;
    private long? _banning;
    private string _banReason = string.Empty;
    private readonly Dictionary<long, int> _muteFor = [];
    // The link is shown once: it lives only here until the next action, and is never stored in clear anywhere.
    private (long UserId, string Link)? _resetLink;

    [Inject]
    private IAdminService Admin { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ReaderTimeZone ReaderZone { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? Authentication { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _me = Authentication is null ? null : Identity.UserClaims.UserId((await Authentication).User);
        if (!await LoadAsync())
        {
            return;
        }

        Keep(await Admin.WatchAsync(OnCircuit<UserEvent>(async _ =>
        {
            await LoadAsync();
            StateHasChanged();
        })));
        Every(Time, RefreshEvery, RefreshOverviewAsync);
    }

    // False when the caller is no longer a moderator: the page then shows the 403 notice and nothing else.
    private async Task<bool> LoadAsync()
    {
        _overview = await Admin.GetOverviewAsync();
        _users = await Admin.SearchUsersAsync(_query, _page);
        _forbidden = _overview is null || _users is null;
        return !_forbidden;
    }

    private async Task RefreshOverviewAsync()
    {
        if (_forbidden)
        {
            return;
        }

        _overview = await Admin.GetOverviewAsync();
        _forbidden = _overview is null;
        StateHasChanged();
    }

    private async Task SearchAsync(string? query)
    {
        _query = query ?? string.Empty;
        _page = 0;
        _users = await Admin.SearchUsersAsync(_query, _page) ?? _users;
    }

    private async Task GoToPageAsync(int page)
    {
        _page = Math.Max(0, page);
        _users = await Admin.SearchUsersAsync(_query, _page) ?? _users;
        _page = _users?.Page ?? 0;
    }

    private int MuteMinutes(AdminUser user) => _muteFor.GetValueOrDefault(user.Id, MuteChoices[1].Minutes);

    private void StartBan(AdminUser user)
    {
        _banning = user.Id;
        _banReason = string.Empty;
    }

    private async Task BanAsync(AdminUser user)
    {
        _banning = null;
        await RunAsync(Admin.BanAsync(user.Id, _banReason));
    }

    private async Task CreateResetLinkAsync(AdminUser user)
    {
        var made = await Admin.CreateResetLinkAsync(user.Id);
        _result = made.Result;
        _resetLink = made.Link is { } link ? (user.Id, Navigation.ToAbsoluteUri(link).ToString()) : null;
        await LoadAsync();
    }

    private async Task RunAsync(Task<Outcome> action)
    {
        _resetLink = null;
        _result = await action;
        await LoadAsync();
    }

    private string Local(DateTimeOffset at, string format = "d MMM yyyy HH:mm") =>
        TimeZoneInfo.ConvertTime(at, ReaderZone.Zone).ToString(format, CultureInfo.InvariantCulture);
}

using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace LetsChat.Components.Layout;

/// <summary>
/// MudBlazor's theme provider with its styles built once per theme and mode and shared by every circuit. The stock
/// provider builds its ~25 KB stylesheet string again in every circuit on every render: two of them per open tab
/// were a tenth of an idle circuit's memory.
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    private const string ChartStyles = "<style>\n.mud-chart-serie:hover { filter: url(#lighten); }\n.mud-chart-serie-hovered { filter: url(#lighten); }\n</style>\n";

    // [light, dark] per theme; built on first use by whichever circuit gets there first (the same text either way).
    private static readonly ConditionalWeakTable<MudTheme, string?[]> Styles = [];

    public SharedThemeProvider() =>
        // The layout reads the system's preference itself and passes IsDarkMode; watching it here as well would
        // change this provider's mode without the layout knowing (and cost a JS callback per circuit).
        ObserveSystemDarkModeChange = false;

    private bool _dark;

    public override Task SetParametersAsync(ParameterView parameters)
    {
        _dark = parameters.GetValueOrDefault<bool>(nameof(IsDarkMode));
        return base.SetParametersAsync(parameters);
    }

    // MudBlazor's provider asks the browser after its first render whether its script loaded (and would watch the
    // system theme, which is off here). Let's Chat's page always loads it: skipping the check spares every new tab a
    // round trip and the JSON type metadata of its arguments.
    protected override Task OnAfterRenderAsync(bool firstRender) => Task.CompletedTask;

    protected override void BuildRenderTree(RenderTreeBuilder __builder)
    {
        var styles = Styles.GetValue(GetTheme(), static _ => new string?[2]);
        var mode = _dark ? 1 : 0;
        __builder.AddMarkupContent(0, styles[mode] ??= BuildMudBlazorScrollbar() + ChartStyles + BuildTheme());
    }
}

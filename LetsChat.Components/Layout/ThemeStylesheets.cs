using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace LetsChat.Components.Layout;

/// <summary>
/// MudBlazor's theme stylesheet (its CSS variables, scrollbar and chart styles), rendered once per mode by MudBlazor's
/// own theme provider and shared by every circuit. A provider in each tab would build the ~25 KB text again and keep a
/// default theme of its own (a hundred colour objects) besides Let's Chat's: about a twentieth of an idle tab.
/// </summary>
public sealed class ThemeStylesheets(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    private readonly Task<string>?[] _styles = new Task<string>?[2];

    /// <summary>The light or dark stylesheet as markup (style elements).</summary>
    public Task<string> GetAsync(bool dark)
    {
        var mode = dark ? 1 : 0;
        var styles = _styles[mode];
        if (styles is null || styles.IsFaulted)
        {
            // Two circuits may both get here first; they render the same text.
            styles = _styles[mode] = RenderAsync(dark);
        }

        return styles;
    }

    private async Task<string> RenderAsync(bool dark)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var provider = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = LetsChatTheme.Theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
                [nameof(MudThemeProvider.ObserveSystemDarkModeChange)] = false,
            }));
            return provider.ToHtmlString();
        });
    }
}

using MudBlazor;

namespace LetsChat.Components.Layout;

/// <summary>One theme for every page: the system font stack (no web fonts to fetch) and the product's colours.</summary>
public static class LetsChatTheme
{
    private static readonly string[] SystemFonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Ubuntu", "Cantarell", "Noto Sans", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4F46E5",
            Secondary = "#0EA5E9",
            AppbarBackground = "#4F46E5",
            Background = "#F7F7FB",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#818CF8",
            Secondary = "#38BDF8",
            AppbarBackground = "#1E1B4B",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
        },
    };
}

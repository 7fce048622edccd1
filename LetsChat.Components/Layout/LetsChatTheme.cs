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
            // Secondary text and red actions at 4.5:1 or better on the page's backgrounds (axe, in the browser tests).
            TextSecondary = "#52525B",
            Error = "#C62828",
        },
        PaletteDark = new PaletteDark
        {
            // Light enough to read as text on the dark surfaces; what sits on it is dark.
            Primary = "#A5B4FC",
            PrimaryContrastText = "#1E1B4B",
            Secondary = "#38BDF8",
            AppbarBackground = "#1E1B4B",
            TextSecondary = "#BDBDC7",
            Error = "#F87171",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
        },
    };
}

namespace LetsChat.Components.Layout;

/// <summary>
/// What the browser told us on an earlier page load (cookies written by letschat.js): the reader's time zone and
/// colour scheme. Known at the first render, they spare each new tab a round trip and a second render of the whole
/// page (and the reader a flash of UTC times and of the light theme). Scoped to the circuit and set once by Routes.
/// </summary>
public sealed class ReaderPreferences
{
    public const string TimeZoneCookie = "lc-tz";
    public const string ThemeCookie = "lc-theme";

    public TimeZoneInfo? TimeZone { get; private set; }

    public bool? DarkTheme { get; private set; }

    /// <summary>From the cookies' values; anything unrecognised counts as not known.</summary>
    public void Load(string? timeZone, string? theme)
    {
        TimeZone = !string.IsNullOrEmpty(timeZone) && timeZone.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : null;
        DarkTheme = theme switch { "dark" => true, "light" => false, _ => null };
    }
}

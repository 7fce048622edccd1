namespace LetsChat.Server.Identity;

/// <summary>"Firefox on Windows": a user agent as a person would name the device, for the devices list.</summary>
public static class DeviceNames
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown browser";
        }

        var browser = Has(userAgent, "Edg/") ? "Edge"
            : Has(userAgent, "OPR/") ? "Opera"
            : Has(userAgent, "Firefox/") ? "Firefox"
            : Has(userAgent, "Chrome/") || Has(userAgent, "Chromium/") || Has(userAgent, "HeadlessChrome/") ? "Chrome"
            : Has(userAgent, "Safari/") ? "Safari"
            : null;
        var system = Has(userAgent, "Android") ? "Android"
            : Has(userAgent, "iPhone") || Has(userAgent, "iPad") ? "iOS"
            : Has(userAgent, "Windows") ? "Windows"
            : Has(userAgent, "Mac OS X") || Has(userAgent, "Macintosh") ? "macOS"
            : Has(userAgent, "CrOS") ? "ChromeOS"
            : Has(userAgent, "Linux") ? "Linux"
            : null;
        return (browser, system) switch
        {
            (null, null) => userAgent.Length <= 40 ? userAgent : userAgent[..40] + "…",
            (null, { } s) => s,
            ({ } b, null) => b,
            ({ } b, { } s) => $"{b} on {s}",
        };
    }

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.Ordinal);
}

namespace LetsChat.Components.Identity;

public static class ReturnUrls
{
    public const string Default = "/chat";

    /// <summary>The return URL when it points into this site; otherwise the chat. Stops sign-in from sending people off-site.</summary>
    public static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl)
            ? url
            : Default;
}

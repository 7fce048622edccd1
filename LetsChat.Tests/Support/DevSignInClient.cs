using System.Net;
using System.Text.RegularExpressions;

namespace LetsChat.Tests.Support;

/// <summary>Signs an HTTP client in through the real development sign-in form, antiforgery token and all.</summary>
public static partial class DevSignInClient
{
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string displayName, string? returnUrl = "/chat")
    {
        var form = await client.GetStringAsync("/signin/dev");
        var token = AntiforgeryToken().Match(form);
        if (!token.Success)
        {
            throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        }

        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "dev-signin",
            ["Input.DisplayName"] = displayName,
        };
        if (returnUrl is not null)
        {
            fields["Input.ReturnUrl"] = returnUrl;
        }

        return await client.PostAsync("/signin/dev", new FormUrlEncodedContent(fields));
    }

    public static string? AntiforgeryTokenIn(string html)
    {
        var token = AntiforgeryToken().Match(html);
        return token.Success ? WebUtility.HtmlDecode(token.Groups[1].Value) : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

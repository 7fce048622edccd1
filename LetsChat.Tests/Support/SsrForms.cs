namespace LetsChat.Tests.Support;

/// <summary>Posts a server-rendered form as a browser would: reads the page for its antiforgery token first.</summary>
public static class SsrForms
{
    /// <param name="tokenFrom">The page to read the token from, when <paramref name="path"/> shows no form (a dead link).</param>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var page = await client.GetStringAsync(tokenFrom ?? path);
        var token = DevSignInClient.AntiforgeryTokenIn(page) ?? throw new InvalidOperationException($"{tokenFrom ?? path} has no antiforgery token.");
        var all = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = formName,
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(all));
    }
}

using LetsChat.Server.Files;

namespace LetsChat.Tests.Support;

/// <summary>Uploads as files.js makes them: the file as the body, its name in a header, the page's antiforgery token in another.</summary>
public static class FileUploadClient
{
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, long roomId, string name, byte[] content)
    {
        var token = DevSignInClient.AntiforgeryTokenIn(await browser.GetStringAsync("/signin/dev"))!;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/rooms/{roomId}/files") { Content = new ByteArrayContent(content) };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Add(FileEndpoints.FileNameHeader, Uri.EscapeDataString(name));
        return await browser.SendAsync(request);
    }
}

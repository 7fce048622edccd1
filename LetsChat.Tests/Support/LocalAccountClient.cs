using LetsChat.Server.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Support;

/// <summary>Local accounts through the real forms (antiforgery token and all), and made directly for arrangement.</summary>
public static class LocalAccountClient
{
    public static Task<HttpResponseMessage> SignUpAsync(HttpClient client, string handle, string displayName, string password, string? email = null) =>
        PostFormAsync(client, "/signup", "signup", new()
        {
            ["Input.Handle"] = handle,
            ["Input.DisplayName"] = displayName,
            ["Input.Email"] = email ?? string.Empty,
            ["Input.Password"] = password,
        });

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password) =>
        PostFormAsync(client, "/signin", "password-signin", new() { ["Input.Login"] = login, ["Input.Password"] = password });

    /// <summary>Posts a server-rendered form as a browser would: the page's antiforgery token and the form's name with the fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = DevSignInClient.AntiforgeryTokenIn(await client.GetStringAsync(path))
            ?? throw new InvalidOperationException($"{path} has no antiforgery token.");
        fields["_handler"] = formName;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Makes a local account without a browser.</summary>
    public static async Task<User> CreateAsync(LetsChatApp app, string handle, string password, string? email = null)
    {
        using var scope = app.Services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<LocalAccounts>().SignUpAsync(new SignUpRequest(handle, handle, password, email));
        return user ?? throw new InvalidOperationException(string.Join(" ", errors));
    }
}

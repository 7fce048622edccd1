using LetsChat.Server.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Support;

/// <summary>Local accounts through the real forms (antiforgery token and all), and made directly for arrangement.</summary>
public static class LocalAccountClient
{
    public static async Task<HttpResponseMessage> SignUpAsync(HttpClient client, string handle, string displayName, string password, string? email = null)
    {
        var token = DevSignInClient.AntiforgeryTokenIn(await client.GetStringAsync("/signup"))
            ?? throw new InvalidOperationException("The sign-up page has no antiforgery token.");
        return await client.PostAsync("/signup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "signup",
            ["Input.Handle"] = handle,
            ["Input.DisplayName"] = displayName,
            ["Input.Email"] = email ?? string.Empty,
            ["Input.Password"] = password,
        }));
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password)
    {
        var token = DevSignInClient.AntiforgeryTokenIn(await client.GetStringAsync("/signin"))
            ?? throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        return await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "password-signin",
            ["Input.Login"] = login,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>Makes a local account without a browser.</summary>
    public static async Task<User> CreateAsync(LetsChatApp app, string handle, string password, string? email = null)
    {
        using var scope = app.Services.CreateScope();
        var (user, errors) = await scope.ServiceProvider.GetRequiredService<LocalAccounts>().SignUpAsync(new SignUpRequest(handle, handle, password, email));
        return user ?? throw new InvalidOperationException(string.Join(" ", errors));
    }
}

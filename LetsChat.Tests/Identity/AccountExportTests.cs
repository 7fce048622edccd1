using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LetsChat.Server.Chat;
using LetsChat.Server.Files;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Identity;

/// <summary>"Download your data" on /me: GET /account/export, the signed-in person's own data and files, and nobody else's.</summary>
public sealed class AccountExportTests : HostTest
{
    private const string Password = "a quiet harbour at dawn";

    [Fact]
    public async Task The_archive_holds_the_account_its_messages_and_the_files_it_sent_and_nothing_of_anyone_else()
    {
        var ada = await LocalAccountClient.CreateAsync(App, "ada", Password, "ada@example.com");
        var bob = await App.CreateUserAsync("Bob");
        await App.MakeFriendsAsync(ada, bob);
        using var browser = App.CreateBrowserLikeClient();
        (await LocalAccountClient.SignInAsync(browser, "ada", Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var notes = "the minutes of the meeting\n"u8.ToArray();
        var upload = await FileUploadClient.UploadAsync(browser, Room.PublicRoomId, "minutes.txt", notes);
        var file = (await upload.Content.ReadFromJsonAsync<UploadedFile>())!;
        var store = App.Services.GetRequiredService<MessageStore>();
        await store.AppendAsync(Room.PublicRoomId, ada.Id, Guid.NewGuid(), "Here are the minutes", DateTimeOffset.UtcNow, default, attachments: [file.Id]);
        await store.AppendAsync(Room.PublicRoomId, ada.Id, Guid.NewGuid(), "And a second thought", DateTimeOffset.UtcNow, default);
        await store.AppendAsync(Room.PublicRoomId, bob.Id, Guid.NewGuid(), "Bob's own words", DateTimeOffset.UtcNow, default);

        var response = await browser.GetAsync("/account/export");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldStartWith("letschat-ada-");
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        using var account = JsonDocument.Parse(await zip.GetEntry("account.json")!.Open().ReadToEndAsync());
        account.RootElement.GetProperty("handle").GetString().ShouldBe("ada");
        account.RootElement.GetProperty("email").GetString().ShouldBe("ada@example.com");
        account.RootElement.GetProperty("hasPassword").GetBoolean().ShouldBeTrue();
        account.RootElement.GetProperty("friends").EnumerateArray().Select(f => f.GetProperty("displayName").GetString()).ShouldBe(["Bob"]);
        using var messages = JsonDocument.Parse(await zip.GetEntry("messages.json")!.Open().ReadToEndAsync());
        messages.RootElement.EnumerateArray().Select(m => m.GetProperty("text").GetString()).ShouldBe(["Here are the minutes", "And a second thought"]);
        var exported = messages.RootElement[0].GetProperty("files").EnumerateArray().ShouldHaveSingleItem();
        exported.GetProperty("name").GetString().ShouldBe("minutes.txt");
        exported.TryGetProperty("contentHash", out _).ShouldBeFalse();
        using var content = new MemoryStream();
        await zip.GetEntry(exported.GetProperty("path").GetString()!)!.Open().CopyToAsync(content);
        content.ToArray().ShouldBe(notes);
        zip.Entries.Select(e => e.FullName).ShouldBe(["account.json", "messages.json", $"files/{file.Id}-minutes.txt"], ignoreOrder: true);
    }

    [Fact]
    public async Task Someone_signed_out_gets_no_archive()
    {
        var response = await App.CreateBrowserLikeClient().GetAsync("/account/export");

        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (response.Content.Headers.ContentType?.MediaType).ShouldNotBe("application/zip");
    }
}

file static class StreamText
{
    public static async Task<string> ReadToEndAsync(this Stream stream)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using LetsChat.Server.Chat;
using LetsChat.Server.Files;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Profiles;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace LetsChat.Tests.Files;

/// <summary>Uploads over HTTP as the composer will make them, and who may download what.</summary>
public sealed class AttachmentUploadTests : IAsyncLifetime
{
    private readonly LetsChatApp _app = new(new Dictionary<string, string?>
    {
        ["LetsChat:Files:MaxFileBytes"] = "300000",
        ["LetsChat:Files:DailyQuotaBytes"] = "400000",
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_picture_is_stored_re_encoded_without_its_metadata_and_only_its_uploader_sees_it_until_it_is_sent()
    {
        var alice = await SignedInAsync("Alice");
        var bob = await SignedInAsync("Bob");
        var photo = TestImages.Encode(SKEncodedImageFormat.Jpeg, 1200, 800);
        byte[] withNote = [.. photo[..2], 0xFF, 0xFE, 0x00, 0x12, .. "secret location"u8, .. photo[2..]]; // a JPEG comment

        var upload = await UploadAsync(alice, Room.PublicRoomId, "holiday.jpg", withNote);

        upload.StatusCode.ShouldBe(HttpStatusCode.OK);
        var file = (await upload.Content.ReadFromJsonAsync<UploadedFile>())!;
        (file.Kind, file.ContentType, file.Width, file.Height, file.FileName).ShouldBe((FileKind.Image, "image/webp", 1200, 800, "holiday.jpg"));
        var served = await alice.GetAsync($"/files/{file.Id}/holiday.jpg");
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
        var bytes = await served.Content.ReadAsByteArrayAsync();
        Encoding.Latin1.GetString(bytes).ShouldNotContain("secret location");
        bytes.Length.ShouldBe((int)file.Length);
        (await alice.GetAsync($"/files/{file.Id}/thumbnail")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bob.GetAsync($"/files/{file.Id}/holiday.jpg")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Other_files_download_as_attachments_and_only_to_those_who_may_read_their_room()
    {
        var (alice, bob, eve) = (await SignedInAsync("Alice"), await SignedInAsync("Bob"), await SignedInAsync("Eve"));
        var (aliceUser, bobUser) = (await _app.CreateUserAsync("Alice"), await _app.CreateUserAsync("Bob"));
        var circuits = new CircuitPool(_app);
        await using var _ = circuits;
        var roomId = await _app.CreateGroupAsync(circuits, aliceUser, bobUser);
        var upload = await UploadAsync(alice, roomId, "notes.txt", "Agenda: <script>alert(1)</script>\n"u8.ToArray());
        var file = (await upload.Content.ReadFromJsonAsync<UploadedFile>())!;
        var chat = circuits.Get<LetsChat.Components.Chat.IChatService>(aliceUser);
        (await circuits.Get<LetsChat.Components.Chat.IChatService>(bobUser).SendAsync(roomId, Guid.NewGuid(), "taking it", attachmentIds: [file.Id])).Message.ShouldBe(ChatService.FilesGone);
        (await chat.SendAsync(Room.PublicRoomId, Guid.NewGuid(), "elsewhere", attachmentIds: [file.Id])).Message.ShouldBe(ChatService.FilesGone);
        (await chat.SendAsync(roomId, Guid.NewGuid(), "", attachmentIds: [.. Enumerable.Range(1, 11).Select(i => (long)i)])).Message.ShouldBe(LetsChat.Components.Chat.MessageRules.TooManyFiles);
        var sent = (await chat.SendAsync(roomId, Guid.NewGuid(), "  ", attachmentIds: [file.Id])).Value!;
        sent.Preview.ShouldBe("📎 notes.txt");
        (await chat.SendAsync(roomId, Guid.NewGuid(), "again", attachmentIds: [file.Id])).Message.ShouldBe(ChatService.FilesGone);

        var forBob = await bob.GetAsync($"/files/{file.Id}/notes.txt");
        forBob.StatusCode.ShouldBe(HttpStatusCode.OK);
        forBob.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        forBob.Content.Headers.ContentDisposition.FileNameStar.ShouldBe("notes.txt");
        forBob.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        forBob.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");
        (await eve.GetAsync($"/files/{file.Id}/notes.txt")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _app.CreateBrowserLikeClient().GetAsync($"/files/{file.Id}/notes.txt")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // a visitor

        var read = (await circuits.Get<LetsChat.Components.Chat.IChatService>(bobUser).LoadOlderAsync(roomId, long.MaxValue)).Messages.Single();
        read.AttachmentList.Single().ShouldBe(new LetsChat.Components.Chat.ChatAttachment(file.Id, "notes.txt", "text/plain; charset=utf-8", false, file.Length));

        // Bob leaves the room: the file is gone for him too. Alice deletes the message: its file goes, content and all.
        (await circuits.Get<LetsChat.Components.Rooms.IRoomService>(aliceUser).RemoveMemberAsync(roomId, bobUser.Id)).Succeeded.ShouldBeTrue();
        (await bob.GetAsync($"/files/{file.Id}/notes.txt")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await circuits.Get<LetsChat.Components.Chat.IChatService>(aliceUser).DeleteAsync(read.Id)).Succeeded.ShouldBeTrue();
        (await alice.GetAsync($"/files/{file.Id}/notes.txt")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using var db = await _app.CreateDbAsync();
        (await db.Attachments.CountAsync()).ShouldBe(0);
        (await db.Blobs.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Every_limit_refuses_with_a_reason_and_keeps_nothing()
    {
        var alice = await SignedInAsync("Alice");
        var program = new byte[4096];
        "MZ"u8.CopyTo(program);

        (await MessageOf(await UploadAsync(alice, Room.PublicRoomId, "cat.png", program))).ShouldBe(AttachmentUploads.NotAllowed);
        (await MessageOf(await UploadAsync(alice, Room.PublicRoomId, "big.txt", Encoding.ASCII.GetBytes(new string('a', 300_001))))).ShouldBe(AttachmentUploads.TooLarge(300_000));
        (await UploadAsync(alice, Room.PublicRoomId, "one.txt", Encoding.ASCII.GetBytes(new string('b', 250_000)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MessageOf(await UploadAsync(alice, Room.PublicRoomId, "two.txt", Encoding.ASCII.GetBytes(new string('c', 200_000))))).ShouldBe(AttachmentUploads.OverQuota(400_000));
        (await MessageOf(await UploadAsync(alice, 987_654, "x.txt", "hi"u8.ToArray()))).ShouldBe(LetsChat.Components.Rooms.RoomRefusals.NotAMember);

        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/rooms/{Room.PublicRoomId}/files") { Content = new ByteArrayContent("hi"u8.ToArray()) };
        (await alice.SendAsync(forged)).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // no antiforgery token

        await using var db = await _app.CreateDbAsync();
        (await db.Attachments.CountAsync()).ShouldBe(1);
        (await db.Blobs.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task After_an_unfriend_the_private_rooms_files_stay_with_its_read_only_history_and_nothing_new_is_taken()
    {
        var (alice, bob) = (await SignedInAsync("Alice"), await SignedInAsync("Bob"));
        var (aliceUser, bobUser) = (await _app.CreateUserAsync("Alice"), await _app.CreateUserAsync("Bob"));
        await _app.MakeFriendsAsync(aliceUser, bobUser);
        long roomId;
        await using (var db = await _app.CreateDbAsync())
        {
            roomId = await db.Rooms.Where(r => r.Kind == LetsChat.Components.Rooms.RoomKind.Private).Select(r => r.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        var circuits = new CircuitPool(_app);
        await using var _ = circuits;
        var file = (await (await UploadAsync(alice, roomId, "plan.txt", "the plan"u8.ToArray())).Content.ReadFromJsonAsync<UploadedFile>())!;
        (await circuits.Get<LetsChat.Components.Chat.IChatService>(aliceUser).SendAsync(roomId, Guid.NewGuid(), "for you", attachmentIds: [file.Id])).Succeeded.ShouldBeTrue();
        (await circuits.Get<LetsChat.Components.Friends.IFriendService>(aliceUser).UnfriendAsync(bobUser.Id)).Succeeded.ShouldBeTrue();

        // The room stays, read-only, with its history (README: "read-only with history kept"): its files are part of it.
        (await bob.GetAsync($"/files/{file.Id}/plan.txt")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await MessageOf(await UploadAsync(alice, roomId, "more.txt", "more"u8.ToArray()))).ShouldBe("You cannot write in this room right now.");
        (await (await SignedInAsync("Eve")).GetAsync($"/files/{file.Id}/plan.txt")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unsent_upload_is_forgotten_when_its_uploader_removes_it_or_a_day_later_and_a_sent_one_stays()
    {
        var (alice, bob) = (await SignedInAsync("Alice"), await SignedInAsync("Bob"));
        var (aliceUser, bobUser) = (await _app.CreateUserAsync("Alice"), await _app.CreateUserAsync("Bob"));
        var circuits = new CircuitPool(_app);
        await using var _ = circuits;
        async Task<long> UploadedAsync(string text) =>
            (await (await UploadAsync(alice, Room.PublicRoomId, $"{text}.txt", Encoding.ASCII.GetBytes(text))).Content.ReadFromJsonAsync<UploadedFile>())!.Id;
        var (removed, forgotten, sent) = (await UploadedAsync("removed"), await UploadedAsync("forgotten"), await UploadedAsync("sent"));
        (await circuits.Get<LetsChat.Components.Chat.IChatService>(aliceUser).SendAsync(Room.PublicRoomId, Guid.NewGuid(), "here", attachmentIds: [sent])).Succeeded.ShouldBeTrue();

        // Only the uploader's Remove counts, and only before it is sent.
        var uploads = circuits.Get<LetsChat.Components.Chat.Attachments.IUploadService>(bobUser);
        await uploads.DiscardAsync(removed);
        await circuits.Get<LetsChat.Components.Chat.Attachments.IUploadService>(aliceUser).DiscardAsync(sent);
        (await alice.GetAsync($"/files/{removed}/removed.txt")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await circuits.Get<LetsChat.Components.Chat.Attachments.IUploadService>(aliceUser).DiscardAsync(removed);
        (await alice.GetAsync($"/files/{removed}/removed.txt")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A day on, the sweeper forgets what was never sent; the message's file stays.
        var sweeper = _app.Services.GetRequiredService<UnsentUploadSweeper>();
        (await sweeper.SweepAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        await using (var db = await _app.CreateDbAsync())
        {
            await db.Attachments.ExecuteUpdateAsync(a => a.SetProperty(x => x.CreatedAt, DateTimeOffset.UtcNow.AddDays(-2)), TestContext.Current.CancellationToken);
        }

        (await sweeper.SweepAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        (await alice.GetAsync($"/files/{forgotten}/forgotten.txt")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await bob.GetAsync($"/files/{sent}/sent.txt")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var after = await _app.CreateDbAsync();
        (await after.Attachments.CountAsync()).ShouldBe(1);
        (await after.Blobs.CountAsync()).ShouldBe(1);
    }

    private async Task<HttpClient> SignedInAsync(string name)
    {
        var browser = _app.CreateBrowserLikeClient();
        (await DevSignInClient.SignInAsync(browser, name)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient browser, long roomId, string name, byte[] content) =>
        FileUploadClient.UploadAsync(browser, roomId, name, content);

    private static async Task<string?> MessageOf(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        return System.Text.Json.JsonSerializer.Deserialize<Refusal>(text, System.Text.Json.JsonSerializerOptions.Web)?.Message ?? text;
    }

    private sealed record Refusal(string Message);
}

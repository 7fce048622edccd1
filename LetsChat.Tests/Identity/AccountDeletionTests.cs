using System.Net;
using System.Net.Http.Json;
using LetsChat.Components.Friends;
using LetsChat.Components.Rooms;
using LetsChat.Server.Chat;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Identity;

/// <summary>Deleting one's own account through POST /account/delete, as the /me page's script calls it.</summary>
public sealed class AccountDeletionTests : HostTest
{
    private const string Password = "a quiet harbour at dawn";

    [Fact]
    public async Task The_password_tombstones_the_account_ends_every_session_and_cuts_every_tie_but_keeps_messages()
    {
        var ada = await LocalAccountClient.CreateAsync(App, "ada", Password, "ada@example.com");
        var bob = await App.CreateUserAsync("Bob");
        var carol = await App.CreateUserAsync("Carol");
        var dan = await App.CreateUserAsync("Dan");
        await App.MakeFriendsAsync(ada, bob);
        var groupId = await GroupRoomAsync("Book club", (bob, 0), (ada, 1));
        await using (var db = await App.CreateDbAsync())
        {
            db.FriendRequests.Add(new FriendRequest { SenderId = carol.Id, ReceiverId = ada.Id, State = FriendRequestState.Pending, CreatedAt = DateTimeOffset.UtcNow });
            db.Blocks.Add(new Block { BlockerId = ada.Id, BlockedId = dan.Id, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var message = await PostAsync(ada, "Hello, everyone");
        using var browser = await SignedInAsync("ada");
        using var otherDevice = await SignedInAsync("ada");

        var response = await DeleteAsync(browser, new { password = Password, removeMessages = false });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<PasskeyEndpoints.Outcome>())!.Redirect.ShouldBe("/");
        (await otherDevice.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var after = await App.CreateDbAsync();
        var tombstone = await after.Users.SingleAsync(u => u.Id == ada.Id);
        tombstone.DisplayName.ShouldBe("Deleted user");
        tombstone.Handle.ShouldBe($"deleted-{ada.Id}");
        tombstone.NormalizedHandle.ShouldBe($"DELETED-{ada.Id}");
        tombstone.Email.ShouldBeNull();
        tombstone.PasswordHash.ShouldBeNull();
        tombstone.DeletedAt.ShouldNotBeNull();
        (await after.Sessions.CountAsync(s => s.UserId == ada.Id)).ShouldBe(0);
        (await after.Friendships.CountAsync()).ShouldBe(0);
        (await after.FriendRequests.CountAsync()).ShouldBe(0);
        (await after.Blocks.CountAsync()).ShouldBe(0);
        (await after.RoomMembers.AnyAsync(m => m.RoomId == groupId && m.UserId == ada.Id)).ShouldBeFalse();
        (await after.Rooms.SingleAsync(r => r.Kind == RoomKind.Private)).IsReadOnly.ShouldBeTrue();
        var kept = (await App.Services.GetRequiredService<MessageStore>().FindAsync(message, default)).ShouldNotBeNull();
        kept.IsDeleted.ShouldBeFalse();
        kept.Body.ShouldBe("Hello, everyone");
        kept.AuthorName.ShouldBe("Deleted user");
    }

    [Fact]
    public async Task Messages_are_removed_when_asked()
    {
        var ada = await LocalAccountClient.CreateAsync(App, "ada", Password);
        using var browser = await SignedInAsync("ada");
        var sentFile = await UploadedAsync(browser, "sent.txt");
        await UploadedAsync(browser, "never-sent.txt");
        var (stored, _) = await App.Services.GetRequiredService<MessageStore>()
            .AppendAsync(Room.PublicRoomId, ada.Id, Guid.NewGuid(), "Remove me", DateTimeOffset.UtcNow, default, attachments: [sentFile]);
        var message = stored.Id;

        (await DeleteAsync(browser, new { password = Password, removeMessages = true })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var removed = (await App.Services.GetRequiredService<MessageStore>().FindAsync(message, default)).ShouldNotBeNull();
        removed.IsDeleted.ShouldBeTrue();
        removed.Body.ShouldBeEmpty();
        await using var db = await App.CreateDbAsync();
        (await db.Messages.SingleAsync(m => m.Id == message)).Body.ShouldBeEmpty();
        (await db.Attachments.CountAsync()).ShouldBe(0); // the message's file, and the one never sent
        (await db.Blobs.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Kept_messages_keep_their_files_and_uploads_never_sent_go()
    {
        var ada = await LocalAccountClient.CreateAsync(App, "ada", Password);
        using var browser = await SignedInAsync("ada");
        var sentFile = await UploadedAsync(browser, "kept.txt");
        await UploadedAsync(browser, "never-sent.txt");
        await App.Services.GetRequiredService<MessageStore>()
            .AppendAsync(Room.PublicRoomId, ada.Id, Guid.NewGuid(), "Keep me", DateTimeOffset.UtcNow, default, attachments: [sentFile]);

        (await DeleteAsync(browser, new { password = Password, removeMessages = false })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var db = await App.CreateDbAsync();
        (await db.Attachments.SingleAsync()).Id.ShouldBe(sentFile);
        (await db.Blobs.CountAsync()).ShouldBe(1);
    }

    private static async Task<long> UploadedAsync(HttpClient browser, string name)
    {
        var upload = await FileUploadClient.UploadAsync(browser, Room.PublicRoomId, name, System.Text.Encoding.ASCII.GetBytes($"the text of {name}"));
        return (await upload.Content.ReadFromJsonAsync<LetsChat.Server.Files.UploadedFile>())!.Id;
    }

    [Fact]
    public async Task An_owned_group_room_passes_to_the_longest_standing_member_and_an_empty_one_is_deleted()
    {
        var ada = await LocalAccountClient.CreateAsync(App, "ada", Password);
        var bob = await App.CreateUserAsync("Bob");
        var carol = await App.CreateUserAsync("Carol");
        // Carol is added to the database after Bob but joined before him: joining time decides, not row order.
        var shared = await GroupRoomAsync("Book club", (ada, 0), (bob, 5), (carol, 2));
        var alone = await GroupRoomAsync("Notes to self", (ada, 0));
        using var browser = await SignedInAsync("ada");

        (await DeleteAsync(browser, new { password = Password })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var db = await App.CreateDbAsync();
        (await db.Rooms.SingleAsync(r => r.Id == shared)).OwnerId.ShouldBe(carol.Id);
        (await db.RoomMembers.Where(m => m.RoomId == shared).Select(m => m.UserId).OrderBy(id => id).ToListAsync()).ShouldBe([bob.Id, carol.Id]);
        (await db.Rooms.AnyAsync(r => r.Id == alone)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_changes_nothing()
    {
        var ada = await LocalAccountClient.CreateAsync(App, "ada", Password);
        var bob = await App.CreateUserAsync("Bob");
        await App.MakeFriendsAsync(ada, bob);
        using var browser = await SignedInAsync("ada");

        var response = await DeleteAsync(browser, new { password = "a loud harbour at dusk", handle = "ada", removeMessages = true });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<PasskeyEndpoints.Outcome>())!.Error.ShouldBe("That password is not right.");
        (await browser.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = await App.CreateDbAsync();
        var user = await db.Users.SingleAsync(u => u.Id == ada.Id);
        user.DeletedAt.ShouldBeNull();
        user.Handle.ShouldBe("ada");
        (await db.Friendships.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task An_account_without_password_or_passkey_confirms_with_its_handle()
    {
        using var browser = App.CreateBrowserLikeClient();
        await DevSignInClient.SignInAsync(browser, "Eve");
        await using var before = await App.CreateDbAsync();
        var eve = await before.Users.SingleAsync();

        var wrong = await DeleteAsync(browser, new { handle = "someone-else" });
        var right = await DeleteAsync(browser, new { handle = "@" + eve.Handle.ToUpperInvariant() });

        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadFromJsonAsync<PasskeyEndpoints.Outcome>())!.Error.ShouldBe($"Type your handle, @{eve.Handle}, to confirm.");
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var after = await App.CreateDbAsync();
        (await after.Users.SingleAsync()).DeletedAt.ShouldNotBeNull();
        (await after.ExternalLogins.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_deleted_user_is_not_found_in_people_search()
    {
        await LocalAccountClient.CreateAsync(App, "ada", Password);
        var bob = await App.CreateUserAsync("Bob");
        await using var circuit = App.OpenCircuit(bob);
        var people = circuit.Get<IFriendService>();
        (await people.SearchAsync("ada")).People.ShouldHaveSingleItem();
        using var browser = await SignedInAsync("ada");

        (await DeleteAsync(browser, new { password = Password })).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await people.SearchAsync("ada")).People.ShouldBeEmpty();
        (await people.SearchAsync("deleted")).People.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_handle_and_email_are_free_for_a_new_sign_up()
    {
        await LocalAccountClient.CreateAsync(App, "ada", Password, "ada@example.com");
        using var browser = await SignedInAsync("ada");
        (await DeleteAsync(browser, new { password = Password })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var newcomer = App.CreateBrowserLikeClient();

        var signUp = await LocalAccountClient.SignUpAsync(newcomer, "Ada", "Ada Again", Password, "ada@example.com");

        signUp.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await newcomer.GetAsync("/chat")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<HttpClient> SignedInAsync(string handle)
    {
        var browser = App.CreateBrowserLikeClient();
        (await LocalAccountClient.SignInAsync(browser, handle, Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    // As passkeys.js does: JSON, with the page's antiforgery token in a header.
    private static async Task<HttpResponseMessage> DeleteAsync(HttpClient browser, object body)
    {
        var token = DevSignInClient.AntiforgeryTokenIn(await browser.GetStringAsync("/signin/dev"))!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/delete") { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await browser.SendAsync(request);
    }

    private async Task<long> PostAsync(User author, string body)
    {
        var (message, _) = await App.Services.GetRequiredService<MessageStore>()
            .AppendAsync(Room.PublicRoomId, author.Id, Guid.NewGuid(), body, DateTimeOffset.UtcNow, default);
        return message.Id;
    }

    /// <summary>A group room owned by the first member; each joined that many minutes after the room was made.</summary>
    private async Task<long> GroupRoomAsync(string name, params (User User, int JoinedAfterMinutes)[] members)
    {
        await using var db = await App.CreateDbAsync();
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        var room = new Room { Kind = RoomKind.Group, Name = name, OwnerId = members[0].User.Id, CreatedAt = now, LastActivityAt = now };
        db.Rooms.Add(room);
        await db.SaveChangesAsync();
        foreach (var (user, minutes) in members)
        {
            db.RoomMembers.Add(new RoomMember { RoomId = room.Id, UserId = user.Id, JoinedAt = now.AddMinutes(minutes) });
            await db.SaveChangesAsync();
        }

        return room.Id;
    }
}

using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Server.Chat;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Chat.Mentions;

/// <summary>Every mention rule through the real host's services, each person a circuit.</summary>
public sealed class MentionServiceTests : HostTest
{
    [Fact]
    public async Task A_mention_is_stored_by_id_and_shows_the_persons_name_as_it_is_now()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));

        var sent = (await SendAsync(ada, Room.PublicRoomId, $"lunch, @{bob.Handle}?")).Value!;

        sent.Body.ShouldBe($"lunch, <@{bob.Id}>?");
        sent.MentionList.ShouldBe([new Mention(bob.Id, "Bob", bob.Handle)]);
        sent.Preview.ShouldBe("lunch, @Bob?");
        await using (var db = await App.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == bob.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "Robert"));
        }

        var read = (await Circuits.Get<IChatService>(ada).LoadOlderAsync(Room.PublicRoomId, long.MaxValue)).Messages.Single();
        var html = App.Services.GetRequiredService<IMessageHtml>().Of(read);
        html.ShouldContain($"<a class=\"mention\" href=\"/u/{bob.Handle}\" data-user=\"{bob.Id}\">@Robert</a>");
        MentionText.ForEditing(read).ShouldBe($"lunch, @{bob.Handle}?");
    }

    [Fact]
    public async Task A_mentioned_member_is_notified_in_a_room_they_muted_and_their_room_list_marks_it_until_they_open_it()
    {
        var (ada, bob, cy) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Cy"));
        var roomId = await App.CreateGroupAsync(Circuits, ada, bob, cy);
        (await Circuits.Get<IRoomNotificationSettings>(bob).SetLevelAsync(roomId, NotificationLevel.MentionsOnly)).Succeeded.ShouldBeTrue();
        (await Circuits.Get<IRoomNotificationSettings>(cy).SetLevelAsync(roomId, NotificationLevel.AllMessages)).Succeeded.ShouldBeTrue();

        var sent = (await SendAsync(ada, roomId, $"@{bob.Handle} can you look?")).Value!;

        await Eventually.HoldsAsync(async () => (await NotificationsOf(bob)).Any(n => n.Kind == NotificationKind.Mention), "Bob hears of the mention although he muted the room");
        var mention = (await NotificationsOf(bob)).Single(n => n.Kind == NotificationKind.Mention);
        mention.Text.ShouldBe("Ada mentioned you in Study group: @Bob can you look?");
        mention.Link.ShouldBe($"/chat/{roomId}/m/{sent.Sequence}");
        await Eventually.HoldsAsync(async () => (await NotificationsOf(cy)).Any(n => n.Kind == NotificationKind.PrivateMessage), "Cy hears of the message");
        (await NotificationsOf(cy)).ShouldNotContain(n => n.Kind == NotificationKind.Mention);
        (await RoomsOf(bob)).Single(r => r.Id == roomId).Mentioned.ShouldBeTrue();
        (await RoomsOf(cy)).Single(r => r.Id == roomId).Mentioned.ShouldBeFalse();

        using var opened = (await Circuits.Get<IChatService>(bob).JoinRoomAsync(roomId, _ => Task.CompletedTask)).Value!;
        (await RoomsOf(bob)).Single(r => r.Id == roomId).Mentioned.ShouldBeFalse();
        (await NotificationsOf(bob)).Single(n => n.Kind == NotificationKind.Mention).IsRead.ShouldBeTrue();
    }

    [Fact]
    public async Task A_handle_of_someone_who_cannot_read_the_room_stays_plain_text_and_notifies_nobody()
    {
        var (ada, bob, eve, ben) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Eve"), await App.CreateUserAsync("Ben"));
        var roomId = await App.CreateGroupAsync(Circuits, ada, bob);
        await using (var db = await App.CreateDbAsync())
        {
            await db.Users.Where(u => u.Id == ben.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsBanned, true));
        }

        var inGroup = (await SendAsync(ada, roomId, $"@{eve.Handle} is not here")).Value!;
        var inPublic = (await SendAsync(ada, Room.PublicRoomId, $"@{ben.Handle} is banned, @nobody_by_that_name neither; `@{eve.Handle}` is code")).Value!;

        inGroup.Body.ShouldBe($"@{eve.Handle} is not here");
        inPublic.Body.ShouldBe($"@{ben.Handle} is banned, @nobody_by_that_name neither; `@{eve.Handle}` is code");
        inGroup.MentionList.ShouldBeEmpty();
        inPublic.MentionList.ShouldBeEmpty();
        await Eventually.HoldsAsync(async () => (await NotificationsOf(bob)).Any(), "Bob, a member, hears of the group's message");
        await using var check = await App.CreateDbAsync();
        (await check.MessageMentions.CountAsync()).ShouldBe(0);
        (await check.Notifications.CountAsync(n => n.RecipientId == eve.Id || n.RecipientId == ben.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Only_the_owner_notifies_everyone_with_at_room_and_nobody_can_in_the_public_room()
    {
        var (ada, bob, cy) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Cy"));
        var roomId = await App.CreateGroupAsync(Circuits, ada, bob, cy);

        (await SendAsync(bob, roomId, "@room hello all")).Message.ShouldBe(MentionRules.EveryoneOwnerOnly);
        (await SendAsync(ada, Room.PublicRoomId, "hey @ROOM")).Message.ShouldBe(MentionRules.EveryoneInPublicRoom);
        var everyone = (await SendAsync(ada, roomId, "@room meeting at 3")).Value!;

        everyone.Body.ShouldBe("<@room> meeting at 3");
        everyone.Preview.ShouldBe("@room meeting at 3");
        foreach (var member in new[] { bob, cy })
        {
            await Eventually.HoldsAsync(async () => (await NotificationsOf(member)).Any(n => n.Kind == NotificationKind.Mention), $"{member.DisplayName} hears of @room");
        }

        (await NotificationsOf(ada)).ShouldBeEmpty();
        (await SendAsync(ada, Room.PublicRoomId, "an e-mail like me@room.example is no mention")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_token_typed_by_hand_is_text_not_a_mention()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));

        var sent = (await SendAsync(ada, Room.PublicRoomId, $"look: <@{bob.Id}>")).Value!;

        sent.MentionList.ShouldBeEmpty();
        App.Services.GetRequiredService<IMessageHtml>().Of(sent).ShouldNotContain("class=\"mention\"");
        (await NotificationsOf(bob)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_edit_notifies_only_the_people_it_newly_mentions()
    {
        var (ada, bob, cy) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Cy"));
        var sent = (await SendAsync(ada, Room.PublicRoomId, $"hi @{bob.Handle}")).Value!;
        await Eventually.HoldsAsync(async () => (await NotificationsOf(bob)).Count == 1, "Bob hears of the first mention");
        (await Circuits.Get<INotificationService>(bob).MarkAllReadAsync()).Succeeded.ShouldBeTrue();

        var edited = (await Circuits.Get<IChatService>(ada).EditAsync(sent.Id, $"hi @{bob.Handle} and @{cy.Handle}")).Value!;

        edited.MentionList.Select(m => m.UserId).Order().ShouldBe(new[] { bob.Id, cy.Id }.Order());
        await Eventually.HoldsAsync(async () => (await NotificationsOf(cy)).Count == 1, "Cy hears of the edit that mentions her");
        (await NotificationsOf(bob)).ShouldAllBe(n => n.IsRead);
    }

    [Fact]
    public async Task One_message_mentions_at_most_fifty_people()
    {
        var ada = await App.CreateUserAsync("Ada");
        var people = new List<User>();
        for (var i = 0; i < MentionResolver.MaxPeople + 1; i++)
        {
            people.Add(await App.CreateUserAsync($"Person {i:00}"));
        }

        var sent = (await SendAsync(ada, Room.PublicRoomId, string.Join(' ', people.Select(p => "@" + p.Handle)))).Value!;

        sent.MentionList.Count.ShouldBe(MentionResolver.MaxPeople);
        sent.Body.ShouldEndWith("@" + people[^1].Handle);
    }

    [Fact]
    public async Task The_composer_offers_friends_first_then_whoever_can_read_the_room_and_nothing_of_a_room_one_cannot_read()
    {
        var (ada, zed, bea, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Zed"), await App.CreateUserAsync("Bea"), await App.CreateUserAsync("Bob"));
        await App.MakeFriendsAsync(ada, zed);
        var roomId = await App.CreateGroupAsync(Circuits, bob, bea);
        var mentions = Circuits.Get<IMentionService>(ada);

        (await mentions.SuggestAsync(Room.PublicRoomId, "")).Select(c => c.DisplayName).ShouldBe(["Zed", "Bea", "Bob"]);
        (await mentions.SuggestAsync(Room.PublicRoomId, "b")).Select(c => c.DisplayName).ShouldBe(["Bea", "Bob"]);
        (await mentions.SuggestAsync(Room.PublicRoomId, "@" + zed.Handle)).Single().IsFriend.ShouldBeTrue();
        (await mentions.SuggestAsync(roomId, "")).ShouldBeEmpty();

        var inGroup = await Circuits.Get<IMentionService>(bob).SuggestAsync(roomId, "");
        inGroup.Select(c => c.Handle).ShouldBe([MentionText.Everyone, bea.Handle]);
        (await Circuits.Get<IMentionService>(bea).SuggestAsync(roomId, "")).Select(c => c.DisplayName).ShouldBe(["Bob"]);
    }

    private Task<Outcome<ChatMessage>> SendAsync(User author, long roomId, string text) =>
        Circuits.Get<IChatService>(author).SendAsync(roomId, Guid.NewGuid(), text);

    private async Task<IReadOnlyList<NotificationView>> NotificationsOf(User user) =>
        (await Circuits.Get<INotificationService>(user).GetPageAsync()).Notifications;

    private Task<IReadOnlyList<RoomSummary>> RoomsOf(User user) => Circuits.Get<IRoomList>(user).GetRoomsAsync();
}

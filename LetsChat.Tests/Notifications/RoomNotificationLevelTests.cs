using LetsChat.Components.Chat;
using LetsChat.Components.Notifications;
using LetsChat.Components.Rooms;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Notifications;

/// <summary>What each room may notify its reader of, chosen per room: all messages, mentions only, or nothing.</summary>
public sealed class RoomNotificationLevelTests : HostTest
{
    [Fact]
    public async Task A_chat_between_two_tells_every_message_until_set_to_nothing_which_silences_even_a_mention_but_still_counts_unread()
    {
        var (ada, bob) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"));
        await App.MakeFriendsAsync(ada, bob);
        var roomId = (await RoomsOf(bob)).Single(r => r.Kind == RoomKind.Private).Id;
        (await Levels(bob).GetLevelAsync(roomId)).ShouldBe(NotificationLevel.AllMessages);

        await SendAsync(ada, roomId, "first");
        await Eventually.HoldsAsync(async () => (await NotificationsOf(bob)).Any(n => n.Text == "Ada: first"), "Bob hears of the message");
        await Circuits.Get<INotificationService>(bob).MarkAllReadAsync();

        (await Levels(bob).SetLevelAsync(roomId, NotificationLevel.Nothing)).Message.ShouldBe(NotificationLevels.Explain(NotificationLevel.Nothing));
        await SendAsync(ada, roomId, "second");
        await SendAsync(ada, roomId, $"@{bob.Handle} are you there?");
        await Eventually.HoldsAsync(async () => (await RoomsOf(bob)).Single(r => r.Id == roomId).UnreadCount == 3, "the room list counts all three unread");

        (await RoomsOf(bob)).Single(r => r.Id == roomId).Mentioned.ShouldBeFalse();
        (await NotificationsOf(bob)).ShouldAllBe(n => n.IsRead);
        (await Circuits.Get<INotificationService>(bob).GetUnreadCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task The_public_room_tells_mentions_by_default_and_every_message_to_who_asked_but_not_to_a_banned_account()
    {
        var (ada, bob, cy) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Cy"));
        var dee = await App.CreateUserAsync("Dee");
        (await Levels(cy).GetLevelAsync(Room.PublicRoomId)).ShouldBe(NotificationLevel.MentionsOnly);
        (await Levels(bob).SetLevelAsync(Room.PublicRoomId, NotificationLevel.AllMessages)).Succeeded.ShouldBeTrue();
        (await Levels(dee).SetLevelAsync(Room.PublicRoomId, NotificationLevel.AllMessages)).Succeeded.ShouldBeTrue();
        await using (var db = await App.CreateDbAsync())
        {
            (await db.Users.FindAsync(dee.Id))!.IsBanned = true;
            await db.SaveChangesAsync();
        }

        await SendAsync(ada, Room.PublicRoomId, "hello everyone");
        await SendAsync(ada, Room.PublicRoomId, $"@{cy.Handle} welcome");

        await Eventually.HoldsAsync(async () => (await NotificationsOf(bob)).Any(n => n.Kind == NotificationKind.PrivateMessage), "Bob, who asked for all, hears");
        (await NotificationsOf(bob)).Single().Text.ShouldBe($"Ada in Public room: @Cy welcome");
        await Eventually.HoldsAsync(async () => (await NotificationsOf(cy)).Any(n => n.Kind == NotificationKind.Mention), "Cy hears of his mention");
        (await NotificationsOf(cy)).ShouldNotContain(n => n.Kind == NotificationKind.PrivateMessage);
        await using var check = await App.CreateDbAsync();
        check.Notifications.Count(n => n.RecipientId == dee.Id).ShouldBe(0);
    }

    [Fact]
    public async Task A_group_room_tells_only_mentions_by_default_and_refuses_a_level_it_does_not_know()
    {
        var (ada, bob, cy) = (await App.CreateUserAsync("Ada"), await App.CreateUserAsync("Bob"), await App.CreateUserAsync("Cy"));
        var roomId = await App.CreateGroupAsync(Circuits, ada, bob, cy);

        await SendAsync(ada, roomId, "plain news");
        await SendAsync(ada, roomId, $"@{bob.Handle} look");

        await Eventually.HoldsAsync(async () => (await NotificationsOf(bob)).Any(n => n.Kind == NotificationKind.Mention), "Bob hears of his mention");
        (await NotificationsOf(bob)).ShouldNotContain(n => n.Kind == NotificationKind.PrivateMessage);
        (await NotificationsOf(cy)).ShouldNotContain(n => n.Kind == NotificationKind.PrivateMessage || n.Kind == NotificationKind.Mention);
        (await Levels(cy).SetLevelAsync(roomId, (NotificationLevel)7)).Message.ShouldBe("Choose all messages, mentions only or nothing.");
    }

    private IRoomNotificationSettings Levels(User user) => Circuits.Get<IRoomNotificationSettings>(user);

    private async Task SendAsync(User author, long roomId, string text) =>
        (await Circuits.Get<IChatService>(author).SendAsync(roomId, Guid.NewGuid(), text)).Succeeded.ShouldBeTrue();

    private async Task<IReadOnlyList<NotificationView>> NotificationsOf(User user) =>
        (await Circuits.Get<INotificationService>(user).GetPageAsync()).Notifications;

    private Task<IReadOnlyList<RoomSummary>> RoomsOf(User user) => Circuits.Get<IRoomList>(user).GetRoomsAsync();
}

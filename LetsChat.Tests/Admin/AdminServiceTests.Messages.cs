using System.Collections.Concurrent;
using LetsChat.Components.Admin;
using LetsChat.Components.Chat;
using LetsChat.Components.Friends;
using LetsChat.Components.Presence;
using LetsChat.Server.Admin;
using LetsChat.Server.Chat;
using LetsChat.Server.Friends;
using LetsChat.Server.Identity;
using LetsChat.Server.Presence;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using LetsChat.Components.Shared;

namespace LetsChat.Tests.Admin;

public sealed partial class AdminServiceTests
{
    [Fact]
    public async Task A_removed_public_message_reaches_every_open_screen_as_removed_by_a_moderator()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var bob = await App.CreateUserAsync("Bob");
        await using var modCircuit = App.OpenCircuit(mod);
        await using var bobCircuit = App.OpenCircuit(bob);
        var sent = await bobCircuit.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "buy cheap stuff");
        var seen = new ConcurrentQueue<MessageDeleted>();
        var join = await bobCircuit.Get<IChatService>().JoinRoomAsync(null, events =>
        {
            foreach (var deleted in events.OfType<MessageDeleted>())
            {
                seen.Enqueue(deleted);
            }

            return Task.CompletedTask;
        });
        join.Value.ShouldNotBeNull().Room.CanModerate.ShouldBeFalse();

        var result = await modCircuit.Get<IAdminService>().RemoveMessageAsync(sent.Value!.Id, "spam");

        result.Succeeded.ShouldBeTrue(result.Message);
        await Eventually.HoldsAsync(() => !seen.IsEmpty, "Bob's screen hears of the removal");
        var removed = seen.Single().Message;
        removed.IsDeleted.ShouldBeTrue();
        removed.DeletedByModerator.ShouldBeTrue();
        removed.Body.ShouldBeEmpty();
        (await modCircuit.Get<IAdminService>().RemoveMessageAsync(sent.Value!.Id, null)).Succeeded.ShouldBeFalse();
        var log = await modCircuit.Get<IAdminService>().GetAuditLogAsync(10);
        log.Single().ShouldBe(new AuditView(log[0].Id, log[0].At, "Mod", AuditActions.RemoveMessage, "Bob", sent.Value!.Id, "spam"));
    }

    [Fact]
    public async Task Moderators_cannot_remove_or_learn_of_messages_in_private_rooms()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var alice = await App.CreateUserAsync("Alice");
        var bob = await App.CreateUserAsync("Bob");
        await App.MakeFriendsAsync(alice, bob);
        await using var aliceCircuit = App.OpenCircuit(alice);
        var privateRoom = (await aliceCircuit.Get<LetsChat.Components.Rooms.IRoomList>().GetRoomsAsync()).Single(r => r.Kind == Components.Rooms.RoomKind.Private);
        var sent = await aliceCircuit.Get<IChatService>().SendAsync(privateRoom.Id, Guid.NewGuid(), "just between us");
        await using var modCircuit = App.OpenCircuit(mod);

        var result = await modCircuit.Get<IAdminService>().RemoveMessageAsync(sent.Value!.Id, null);

        result.Message.ShouldBe(ChatService.NoSuchMessage);
        (await modCircuit.Get<IChatService>().JoinRoomAsync(privateRoom.Id, _ => Task.CompletedTask)).Value.ShouldBeNull();
        await using var db = await App.CreateDbAsync();
        (await db.Messages.SingleAsync(m => m.Id == sent.Value!.Id)).DeletedAt.ShouldBeNull();
    }

    [Fact]
    public async Task The_users_table_searches_by_name_handle_or_email_in_pages_and_the_audit_log_is_newest_first()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        for (var i = 1; i <= 25; i++)
        {
            await App.CreateUserAsync($"Person {i:00}", $"person{i}@example.org");
        }

        await using var circuit = App.OpenCircuit(mod);
        var admin = circuit.Get<IAdminService>();

        var first = (await admin.SearchUsersAsync(null, 0)).ShouldNotBeNull();
        first.Total.ShouldBe(26);
        first.Users.Count.ShouldBe(AdminService.PageSize);
        first.PageCount.ShouldBe(2);
        var second = (await admin.SearchUsersAsync(null, 1)).ShouldNotBeNull();
        second.Users.Count.ShouldBe(6);
        first.Users.Concat(second.Users).Select(u => u.Id).Distinct().Count().ShouldBe(26);
        (await admin.SearchUsersAsync("person 0", 0))!.Total.ShouldBe(9);
        (await admin.SearchUsersAsync("PERSON17@EXAMPLE", 0))!.Users.Single().DisplayName.ShouldBe("Person 17");
        (await admin.SearchUsersAsync("@mod", 0))!.Users.Single().Providers.ShouldBe("dev");

        var target = first.Users.First(u => u.Id != mod.Id);
        await admin.MuteAsync(target.Id, TimeSpan.FromHours(1), null);
        await admin.BanAsync(target.Id, "first");
        await admin.UnbanAsync(target.Id);
        (await admin.GetAuditLogAsync(10)).Select(a => a.Action).ShouldBe([AuditActions.Unban, AuditActions.Ban, AuditActions.Mute]);
        var overview = (await admin.GetOverviewAsync()).ShouldNotBeNull();
        overview.TotalUsers.ShouldBe(26);
        overview.SignUpsLastDay.ShouldBe(26);
    }

    [Fact]
    public async Task Another_moderators_page_hears_of_every_change()
    {
        var mod = await App.CreateUserAsync("Mod", "mod@example.com");
        var bob = await App.CreateUserAsync("Bob");
        await using var one = App.OpenCircuit(mod);
        await using var other = App.OpenCircuit(mod);
        var changes = 0;
        using var watch = await other.Get<IAdminService>().WatchAsync(_ =>
        {
            Interlocked.Increment(ref changes);
            return Task.CompletedTask;
        });
        watch.ShouldNotBeNull();

        await one.Get<IAdminService>().MuteAsync(bob.Id, TimeSpan.FromMinutes(10), null);

        await Eventually.HoldsAsync(() => Volatile.Read(ref changes) > 0, "the other page hears of the mute");
    }
}

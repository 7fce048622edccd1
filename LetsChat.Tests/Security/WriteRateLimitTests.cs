using LetsChat.Components.Chat;
using LetsChat.Components.Profiles;
using LetsChat.Components.Rooms;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Security;

/// <summary>
/// Every action that writes or fans out has its own allowance per user, held across instances through Redis; settings
/// small enough that time cannot refill them during a test.
/// </summary>
public sealed class WriteRateLimitTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Small = new()
    {
        ["LetsChat:RateLimits:EditsPerMinute"] = "2",
        ["LetsChat:RateLimits:DeletesPerMinute"] = "2",
        ["LetsChat:RateLimits:ProfileChangesPerHour"] = "2",
        ["LetsChat:RateLimits:RoomsCreatedPerHour"] = "2",
        ["LetsChat:RateLimits:MemberChangesPerMinute"] = "2",
    };

    private TwoInstances _instances = default!;
    private CircuitPool _onA = default!;
    private CircuitPool _onB = default!;

    public async ValueTask InitializeAsync()
    {
        _instances = await TwoInstances.StartAsync(postgres, Small);
        _onA = new CircuitPool(_instances.A);
        _onB = new CircuitPool(_instances.B);
    }

    public async ValueTask DisposeAsync()
    {
        await _onA.DisposeAsync();
        await _onB.DisposeAsync();
        await _instances.DisposeAsync();
    }

    [Fact]
    public async Task Edits_and_deletes_share_one_allowance_across_instances()
    {
        var ann = await _instances.A.CreateUserAsync("Ann");
        var messages = new List<ChatMessage>();
        for (var i = 0; i < 4; i++)
        {
            messages.Add((await _onA.Get<IChatService>(ann).SendAsync(Room.PublicRoomId, Guid.NewGuid(), $"draft {i}")).Value!);
        }

        (await _onA.Get<IChatService>(ann).EditAsync(messages[0].Id, "edit 1")).Succeeded.ShouldBeTrue();
        (await _onB.Get<IChatService>(ann).EditAsync(messages[1].Id, "edit 2")).Succeeded.ShouldBeTrue();
        (await _onB.Get<IChatService>(ann).EditAsync(messages[2].Id, "edit 3")).Message.ShouldStartWith("You are editing messages too fast.");
        (await _onA.Get<IChatService>(ann).EditAsync(messages[2].Id, "edit 3")).Message.ShouldStartWith("You are editing messages too fast.");

        (await _onB.Get<IChatService>(ann).DeleteAsync(messages[0].Id)).Succeeded.ShouldBeTrue();
        (await _onA.Get<IChatService>(ann).DeleteAsync(messages[1].Id)).Succeeded.ShouldBeTrue();
        (await _onB.Get<IChatService>(ann).DeleteAsync(messages[2].Id)).Message.ShouldStartWith("You are deleting messages too fast.");
    }

    [Fact]
    public async Task Profile_changes_room_creation_and_member_changes_are_limited_across_instances()
    {
        var olivia = await _instances.A.CreateUserAsync("Olivia");
        var friends = new[] { await _instances.A.CreateUserAsync("Ann"), await _instances.A.CreateUserAsync("Ben"), await _instances.A.CreateUserAsync("Cid") };
        foreach (var friend in friends)
        {
            await _instances.A.MakeFriendsAsync(olivia, friend);
        }

        (await _onA.Get<IProfileService>(olivia).UpdateAsync(new ProfileUpdate("Olivia A", olivia.Handle, true))).Succeeded.ShouldBeTrue();
        (await _onB.Get<IProfileService>(olivia).UpdateAsync(new ProfileUpdate("Olivia B", olivia.Handle, true))).Succeeded.ShouldBeTrue();
        (await _onA.Get<IProfileService>(olivia).UpdateAsync(new ProfileUpdate("Olivia C", olivia.Handle, true))).Message.ShouldStartWith("You are changing your profile too fast.");

        var roomId = (await _onA.Get<IRoomService>(olivia).CreateAsync("One", null)).Value!.Value;
        (await _onB.Get<IRoomService>(olivia).CreateAsync("Two", null)).Succeeded.ShouldBeTrue();
        (await _onA.Get<IRoomService>(olivia).CreateAsync("Three", null)).Message.ShouldStartWith("You are creating rooms too fast.");

        (await _onA.Get<IRoomService>(olivia).AddMemberAsync(roomId, friends[0].Id)).Succeeded.ShouldBeTrue();
        (await _onB.Get<IRoomService>(olivia).AddMemberAsync(roomId, friends[1].Id)).Succeeded.ShouldBeTrue();
        (await _onB.Get<IRoomService>(olivia).RemoveMemberAsync(roomId, friends[0].Id)).Message.ShouldStartWith("You are changing members too fast.");
    }
}

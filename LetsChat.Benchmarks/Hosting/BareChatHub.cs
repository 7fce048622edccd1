using LetsChat.Server.Chat;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LetsChat.Benchmarks.Hosting;

/// <summary>
/// The bare platform to compare with: a SignalR hub that stores each message through the same message store (same
/// database, same per-room sequence numbers) and broadcasts it to a group. No components, no per-circuit state.
/// </summary>
[Authorize]
public sealed class BareChatHub(MessageStore store, TimeProvider time) : Hub
{
    public const string Path = "/bench/hub";
    private const string Group = "public";

    public Task Join() => Groups.AddToGroupAsync(Context.ConnectionId, Group);

    public async Task Send(Guid clientMessageId, string body)
    {
        var user = LetsChatClaims.ToSignedInUser(Context.User!) ?? throw new HubException("Sign in first.");
        var (message, _) = await store.AppendAsync(Room.PublicRoomId, user.Id, clientMessageId, body, time.GetUtcNow(), Context.ConnectionAborted);
        await Clients.Group(Group).SendAsync("Message", message.Sequence, message.Body);
    }
}

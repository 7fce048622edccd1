using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using LetsChat.Benchmarks.Load;
using LetsChat.Components.Chat;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using MessagePack;

namespace LetsChat.Tests.Security;

/// <summary>
/// Ten thousand malformed or out-of-order messages to <c>/_blazor</c>: calls before a circuit exists, unknown methods,
/// bad render batch ids, event handler ids that belong to nobody (or to another circuit), junk arguments, oversized,
/// truncated and random frames. The process and another user's live circuit carry on as if nothing happened.
/// </summary>
public sealed class HubProtocolFuzzTests
{
    private const int Messages = 10_000;
    private const int RawSockets = 100;

    [Fact]
    public async Task Ten_thousand_hostile_hub_messages_leave_the_server_and_other_users_unaffected()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = new LetsChatApp();
        using var alice = await SimulatedUser.SignInAsync(app.ServerAddress, "Alice", cancellationToken);
        var seenByAlice = 0;
        await using var aliceCircuit = await BlazorCircuit.OpenAsync(alice, "/chat", (_, batch) =>
            RenderBatchReader.FindNumberedStrings(batch.Span, "after-fuzz-"u8, _ => Interlocked.Increment(ref seenByAlice)), cancellationToken);
        using var mallory = await SimulatedUser.SignInAsync(app.ServerAddress, "Mallory", cancellationToken);
        var random = new Random(19);

        var sent = 0;
        var hub = new Uri(app.ServerAddress, "_blazor");
        while (sent < Messages - (RawSockets * 5))
        {
            // A well-framed connection that never starts a circuit properly, then calls whatever it likes.
            await using var connection = await LeanHubConnection.ConnectAsync(mallory.Http, hub, mallory.Cookies, "blazorpack", (_, _) => ValueTask.CompletedTask, cancellationToken);
            for (var i = 0; i < 500 && !connection.IsClosed; i++, sent++)
            {
                await SendHostileInvocationAsync(connection, random, cancellationToken);
            }
        }

        for (var i = 0; i < RawSockets; i++)
        {
            sent += await SendRawFramesAsync(mallory, hub, random, cancellationToken);
        }

        sent.ShouldBeGreaterThanOrEqualTo(Messages);
        (await app.CreateBrowserLikeClient().GetAsync("/health", cancellationToken)).IsSuccessStatusCode.ShouldBeTrue();
        aliceCircuit.Closed.ShouldBeFalse();
        await using var bob = app.OpenCircuit(await app.CreateUserAsync("Bob"));
        (await bob.Get<IChatService>().SendAsync(Room.PublicRoomId, Guid.NewGuid(), "after-fuzz-1", cancellationToken: cancellationToken)).Succeeded.ShouldBeTrue();
        await Eventually.HoldsAsync(() => Volatile.Read(ref seenByAlice) > 0, "Alice's circuit still renders new messages");
        aliceCircuit.Error.ShouldBeNull();
    }

    private static Task SendHostileInvocationAsync(LeanHubConnection connection, Random random, CancellationToken cancellationToken)
    {
        var junk = RandomText(random);
        var number = random.NextInt64(long.MinValue, long.MaxValue);
        return (random.Next(8)) switch
        {
            0 => connection.SendAsync("OnRenderCompleted", 2, (ref MessagePackWriter w) => { w.Write(number); w.Write(junk); }, cancellationToken),
            1 => connection.SendAsync("DispatchBrowserEvent", 2, (ref MessagePackWriter w) => { w.Write(junk); w.Write(junk); }, cancellationToken),
            2 => connection.SendAsync("BeginInvokeDotNetFromJS", 5, (ref MessagePackWriter w) =>
            {
                w.Write("1");
                w.WriteNil();
                w.Write("DispatchEventAsync");
                w.Write(number);
                w.Write($"[{{\"eventHandlerId\":{(ulong)number},\"eventName\":\"click\"}},{{}}]");
            }, cancellationToken),
            3 => connection.SendAsync("UpdateRootComponents", 2, (ref MessagePackWriter w) => { w.Write(junk); w.Write(junk); }, cancellationToken),
            4 => connection.SendAsync("EndInvokeJSFromDotNet", 3, (ref MessagePackWriter w) => { w.Write(number); w.Write(random.Next(2) == 0); w.Write(junk); }, cancellationToken),
            5 => connection.SendAsync("ConnectCircuit", 1, (ref MessagePackWriter w) => w.Write(junk), cancellationToken),
            6 => connection.SendAsync(junk, 1, (ref MessagePackWriter w) => w.Write(number), cancellationToken),
            _ => connection.SendAsync("OnLocationChanged", 3, (ref MessagePackWriter w) => { w.Write(junk); w.WriteNil(); w.Write(random.Next(2) == 0); }, cancellationToken),
        };
    }

    // Frames that are not the protocol at all: random bytes, a length prefix promising more than comes, 64 KB (twice the
    // limit), and invalid MessagePack inside a valid frame. The server drops the connection; each try counts.
    private static async Task<int> SendRawFramesAsync(SimulatedUser user, Uri hub, Random random, CancellationToken cancellationToken)
    {
        using var negotiate = await user.Http.PostAsync(new Uri(hub, "/_blazor/negotiate?negotiateVersion=1"), null, cancellationToken);
        var token = (await negotiate.Content.ReadFromJsonAsync<Dictionary<string, object>>(cancellationToken))!["connectionToken"].ToString();
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = user.Cookies;
        await socket.ConnectAsync(new UriBuilder(hub) { Scheme = "ws", Query = $"id={Uri.EscapeDataString(token!)}" }.Uri, cancellationToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"blazorpack\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, cancellationToken);
        byte[][] frames =
        [
            RandomBytes(random, random.Next(1, 200)),
            [0xFF, 0xFF, 0xFF, 0x0F, 0x94, 0x01],
            [.. new byte[] { 0x80, 0x80, 0x04 }, .. RandomBytes(random, 64 * 1024)],
            [0x05, 0x95, 0xC1, 0xC1, 0xC1, 0xC1],
            [0x03, 0x93, 0x01, 0xDA],
        ];
        var sent = 0;
        foreach (var frame in frames)
        {
            try
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellationToken);
            }
            catch (WebSocketException)
            {
                // The server closed the connection on an earlier frame, as it should; the attempt still counts.
            }

            sent++;
        }

        return sent;
    }

    private static string RandomText(Random random) =>
        random.Next(4) switch
        {
            0 => string.Empty,
            1 => new string('x', random.Next(1, 5000)),
            2 => "{\"batchId\":-1,\"operations\":[{\"type\":\"add\",\"ssrComponentId\":999999,\"marker\":{}}]}",
            _ => Encoding.Latin1.GetString(RandomBytes(random, random.Next(1, 64))),
        };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

using System.Reflection;
using Bunit;
using LetsChat.Components.Admin;
using LetsChat.Components.Chat;
using LetsChat.Components.Rooms;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;

namespace LetsChat.Tests.Chat;

/// <summary>
/// A tab far behind a busy room gets its events in huge batches; the page keeps at most a few hundred messages. What
/// it drops before it ever showed them is not dropped silently: the list marks where it jumped, and loads from there.
/// </summary>
public sealed class FallingBehindTests : ComponentTest
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private readonly RoomOfMessages _chat = new(1_250);

    public FallingBehindTests()
    {
        Services.AddSingleton<IChatService>(_chat);
        Services.AddSingleton(Unused<IRoomService>());
        Services.AddSingleton(Unused<IAdminService>());
        Services.AddSingleton(Unused<LetsChat.Components.Moderation.IModeration>());
        Services.AddSingleton(Unused<IReactionService>());
        Services.AddSingleton(Unused<IMentionService>());
        Services.AddSingleton<LetsChat.Components.Notifications.IRoomNotificationSettings>(new MentionsOnly());
        var reader = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "7"), new Claim(ClaimTypes.Name, "Bob")], "test"));
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(reader));
        AddAuthorization().SetAuthorized("Bob");
    }

    [Fact]
    public async Task Messages_dropped_before_they_were_shown_sit_behind_a_marker_that_loads_exactly_them()
    {
        var page = Render<CascadingAuthenticationState>(p => p.AddChildContent<ChatPage>());
        page.WaitForAssertion(() => page.FindAll("article.msg").Count.ShouldBe(50));

        // 1,200 messages in one batch: the page keeps the newest 500, and never showed the 700 before them.
        await page.InvokeAsync(() => _chat.DeliverAsync(51, 1_250));

        page.FindAll("article.msg").Count.ShouldBe(500);
        var marker = page.Find("button[data-skipped]");
        marker.GetAttribute("data-skipped").ShouldBe("51-750");
        marker.TextContent.Trim().ShouldBe("700 messages not shown — show them");

        await page.InvokeAsync(() => marker.Click());
        page.WaitForAssertion(() => page.Find("button[data-skipped]").TextContent.Trim().ShouldBe("650 messages not shown — show them"));
        page.Find("button[data-skipped]").GetAttribute("data-skipped").ShouldBe("51-700");
        page.FindAll("article.msg").Count.ShouldBe(550);
    }

    [Fact]
    public async Task A_tab_that_keeps_up_trims_what_it_showed_without_a_marker()
    {
        var page = Render<CascadingAuthenticationState>(p => p.AddChildContent<ChatPage>());
        page.WaitForAssertion(() => page.FindAll("article.msg").Count.ShouldBe(50));

        for (var sequence = 51; sequence <= 700; sequence++)
        {
            var next = sequence;
            await page.InvokeAsync(() => _chat.DeliverAsync(next, next));
        }

        page.FindAll("article.msg").Count.ShouldBeLessThan(700);
        page.FindAll("button[data-skipped]").ShouldBeEmpty();
        page.Find("button.load-older").TextContent.Trim().ShouldBe("Load older messages");
    }

    private static T Unused<T>() where T : class => DispatchProxy.Create<T, UnusedProxy>();

    public class UnusedProxy : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"{targetMethod?.Name} is not used by the public room");
    }

    /// <summary>The public room's default: its new messages here mention nobody, so none is shown on the desktop.</summary>
    private sealed class MentionsOnly : LetsChat.Components.Notifications.IRoomNotificationSettings
    {
        public Task<LetsChat.Components.Notifications.NotificationLevel?> GetLevelAsync(long roomId, CancellationToken cancellationToken = default) =>
            Task.FromResult<LetsChat.Components.Notifications.NotificationLevel?>(LetsChat.Components.Notifications.NotificationLevel.MentionsOnly);

        public Task<LetsChat.Components.Shared.Outcome> SetLevelAsync(long roomId, LetsChat.Components.Notifications.NotificationLevel level) =>
            throw new InvalidOperationException("The level is not changed here.");
    }

    private sealed class FixedAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    /// <summary>The public room with messages 1..N stored; the page opens on the first 50 and is handed the rest as the test says.</summary>
    private sealed class RoomOfMessages(int stored) : IChatService
    {
        private readonly ChatMessage[] _messages = [.. Enumerable.Range(1, stored).Select(s => new ChatMessage(s, 1L, s, 2, "Alice", null, $"message {s}", At))];
        private Func<IReadOnlyList<RoomEvent>, Task>? _onEvents;

        public Task DeliverAsync(int first, int last) =>
            _onEvents!([.. _messages[(first - 1)..last].Select(m => new MessagePosted(m))]);

        public Task<Outcome<RoomSession>> JoinRoomAsync(long? roomId, Func<IReadOnlyList<RoomEvent>, Task> onEvents, CancellationToken cancellationToken = default)
        {
            _onEvents = onEvents;
            var room = new RoomInfo(1L, RoomKind.Public, "Public room", CanWrite: true);
            return Task.FromResult(Outcome.Done(new RoomSession(room, _messages[..50], long.MaxValue, new Nothing())));
        }

        public Task<OlderMessages> LoadOlderAsync(long roomId, long beforeSequence, CancellationToken cancellationToken = default)
        {
            var page = _messages.Where(m => m.Sequence < beforeSequence).TakeLast(50).ToList();
            return Task.FromResult(new OlderMessages(page, page.Count > 0 && page[0].Sequence > 1));
        }

        public Task<Outcome<ChatMessage>> SendAsync(long roomId, Guid clientMessageId, string? body, long? replyToId = null, IReadOnlyList<long>? attachmentIds = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Outcome<ChatMessage>> EditAsync(long messageId, string? body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Outcome<ChatMessage>> DeleteAsync(long messageId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task MarkReadAsync(long roomId, long sequence, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task TypingAsync(long roomId) => Task.CompletedTask;
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

using LetsChat.Components.Chat;
using LetsChat.Components.Moderation;
using LetsChat.Components.Rooms;
using LetsChat.Server.Data;
using LetsChat.Server.Identity;
using LetsChat.Server.Rooms;
using LetsChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Moderation;

/// <summary>
/// The real host (SQLite, in-process bus) on a clock the test moves, with two moderators by e-mail, and the few steps
/// every moderation test takes: send, report, read the queue.
/// </summary>
public abstract class ModerationTest : HostTest
{
    protected ModerationTest(FakeTimeProvider time)
        : base(new LetsChatApp(new Dictionary<string, string?>
        {
            ["LetsChat:Moderators:0"] = "mod@example.com",
            ["LetsChat:Moderators:1"] = "mod2@example.com",
            ["LetsChat:RateLimits:ReportsPerHour"] = "6",
        })
        {
            TestServices = services => services.AddSingleton<TimeProvider>(time),
        })
    {
        Time = time;
    }

    protected ModerationTest()
        : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    protected FakeTimeProvider Time { get; }

    protected async Task<ChatMessage> SendAsync(User author, long roomId, string text)
    {
        var sent = await Circuits.Get<IChatService>(author).SendAsync(roomId, Guid.NewGuid(), text);
        sent.Succeeded.ShouldBeTrue(sent.Message);
        return sent.Value.ShouldNotBeNull();
    }

    protected Task<Components.Shared.Outcome> ReportAsync(User reporter, ChatMessage message, ReportReason reason = ReportReason.Spam, string? details = null, bool attach = false) =>
        Circuits.Get<IReports>(reporter).ReportMessageAsync(message.Id, reason, details, attach);

    protected IModeration Moderation(User user) => Circuits.Get<IModeration>(user);

    protected async Task<ModerationItems> SiteQueueAsync(User moderator) =>
        (await Moderation(moderator).GetAsync(QueueScope.Site)).ShouldNotBeNull("a moderator sees the site's queue");

    protected async Task<long> PrivateRoomAsync(User one, User other)
    {
        await App.MakeFriendsAsync(one, other);
        return (await Circuits.Get<IRoomList>(one).GetRoomsAsync()).Single(r => r.Kind == RoomKind.Private).Id;
    }

    /// <summary>The notifications of review (kind Report or RoomReport) each person has, by subject.</summary>
    protected async Task<List<(long RecipientId, Components.Notifications.NotificationKind Kind, string? SubjectKey)>> ReviewNotificationsAsync()
    {
        await using var db = await App.CreateDbAsync();
        return (await db.Notifications.AsNoTracking()
                .Where(n => n.Kind == Components.Notifications.NotificationKind.Report || n.Kind == Components.Notifications.NotificationKind.RoomReport)
                .Select(n => new { n.RecipientId, n.Kind, n.SubjectKey })
                .ToListAsync())
            .Select(n => (n.RecipientId, n.Kind, n.SubjectKey)).ToList();
    }

    protected static long PublicRoom => Room.PublicRoomId;

    protected async Task<LetsChatDb> DbAsync() => await App.CreateDbAsync();
}

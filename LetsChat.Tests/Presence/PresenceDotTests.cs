using Bunit;
using LetsChat.Components.Presence;
using LetsChat.Tests.Support;

namespace LetsChat.Tests.Presence;

public sealed class PresenceDotTests : ComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_online_friend_has_a_dot_named_online()
    {
        var dot = Render<PresenceDot>(p => p.Add(d => d.IsOnline, true).Add(d => d.Now, Now));

        var element = dot.Find("[role=img]");
        element.GetAttribute("aria-label").ShouldBe("online");
        element.ClassList.ShouldContain("online");
        element.GetAttribute("title").ShouldBe("Online");
    }

    [Theory]
    [InlineData(0.5, "Offline, last seen just now")]
    [InlineData(5, "Offline, last seen 5 min ago")]
    [InlineData(180, "Offline, last seen 3 h ago")]
    public void An_offline_friend_has_a_dot_named_offline_with_last_seen_in_its_title(double minutesAgo, string title)
    {
        var dot = Render<PresenceDot>(p => p.Add(d => d.IsOnline, false).Add(d => d.LastSeenAt, Now.AddMinutes(-minutesAgo)).Add(d => d.Now, Now));

        var element = dot.Find("[role=img]");
        element.GetAttribute("aria-label").ShouldBe("offline");
        element.GetAttribute("title").ShouldBe(title);
    }

    [Fact]
    public void An_offline_friend_never_seen_is_just_offline() =>
        Render<PresenceDot>(p => p.Add(d => d.IsOnline, false)).Find("[role=img]").GetAttribute("title").ShouldBe("Offline");
}

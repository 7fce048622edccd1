using Bunit;
using LetsChat.Components.Moderation;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LetsChat.Tests.Moderation;

/// <summary>The moderators' link to /admin says how much waits for review, and keeps saying it as reports come and go.</summary>
public sealed class AdminLinkTests : ComponentTest
{
    private readonly FakeModeration _moderation = new();

    public AdminLinkTests() => Services.AddSingleton<IModeration>(_moderation);

    [Fact]
    public async Task The_link_names_the_open_count_and_follows_it_live()
    {
        _moderation.Queues[QueueScope.Site] = ModerationItems.Empty;
        var link = Render<AdminLink>(p => p.Add(l => l.CssClass, "page-link"));

        link.Find("a").HasAttribute("aria-label").ShouldBeFalse();
        link.Find("a").TextContent.Trim().ShouldBe("Admin");

        var held = Enumerable.Range(1, 3).Select(i => new HeldMessageView(i, 1, "Public room", 2, "Ada", "hi", "hi", DateTimeOffset.UnixEpoch)).ToList();
        await link.InvokeAsync(() => _moderation.ChangeAsync(QueueScope.Site, new ModerationItems([], [], held)));

        link.WaitForAssertion(() => link.Find("a").GetAttribute("aria-label").ShouldBe("Admin, 3 to review"));
        link.Find(".review-badge").TextContent.ShouldBe("3");
        link.Find("a").GetAttribute("href").ShouldBe("/admin");
    }
}

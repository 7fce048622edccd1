using Bunit;
using LetsChat.Components.Chat;
using LetsChat.Components.Chat.MessageLog;
using LetsChat.Components.Layout;
using LetsChat.Components.Shared;
using LetsChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Layout;

public sealed class ReaderPreferencesTests : ComponentTest
{
    [Theory]
    [InlineData("Asia/Tokyo", "dark", "Asia/Tokyo", true)]
    [InlineData("Europe/Paris", "light", "Europe/Paris", false)]
    [InlineData("Not/A_Zone", "blue", null, null)]
    [InlineData("../../etc/passwd", "<script>", null, null)]
    [InlineData(null, null, null, null)]
    public void Cookies_the_browser_wrote_are_read_and_anything_else_counts_as_unknown(string? zone, string? theme, string? expectedZone, bool? expectedDark)
    {
        var preferences = new ReaderPreferences();

        preferences.Load(zone, theme);

        preferences.TimeZone?.Id.ShouldBe(expectedZone);
        (preferences.TimeZone is null).ShouldBe(expectedZone is null);
        preferences.DarkTheme.ShouldBe(expectedDark);
    }

    [Fact]
    public void A_time_zone_the_browser_reports_late_re_renders_the_times_already_shown()
    {
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
        var message = new ChatMessage(1, 1, 1, 2, "Alice", null, "Hello", new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));
        var list = Render<MessageList>(p => p.Add(l => l.Log, MessageBlocks.Of([message])));
        list.Find("time").TextContent.ShouldBe("09:30");

        var zone = Services.GetRequiredService<ReaderTimeZone>();
        list.InvokeAsync(() => zone.Set(TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")));

        list.WaitForAssertion(() => list.Find("time").TextContent.ShouldBe("18:30"));
    }
}

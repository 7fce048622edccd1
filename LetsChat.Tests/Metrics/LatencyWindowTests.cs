using LetsChat.Server.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Metrics;

/// <summary>The admin chart's window: percentiles per 10 seconds, only for the last 5 minutes.</summary>
public sealed class LatencyWindowTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Each_ten_seconds_reads_as_its_p50_and_p99_within_a_bucket_of_fifteen_percent()
    {
        var window = new LatencyWindow(_time);
        for (var ms = 1; ms <= 100; ms++)
        {
            window.Record(TimeSpan.FromMilliseconds(ms));
        }

        var point = window.Points().ShouldHaveSingleItem();
        point.Deliveries.ShouldBe(100);
        point.P50Ms.ShouldBeInRange(50, 50 * 1.15);
        point.P99Ms.ShouldBeInRange(99, 99 * 1.15);
    }

    [Fact]
    public void Slots_older_than_five_minutes_are_forgotten_and_reused()
    {
        var window = new LatencyWindow(_time);
        window.Record(TimeSpan.FromMilliseconds(500));
        _time.Advance(LatencyWindow.SlotLength);
        window.Record(TimeSpan.FromMilliseconds(20));
        window.Points().Select(p => p.Deliveries).ShouldBe([1, 1]);

        _time.Advance(LatencyWindow.SlotLength * (LatencyWindow.Slots - 1));
        window.Points().Select(p => p.P99Ms).ShouldHaveSingleItem().ShouldBeInRange(20, 23);

        window.Record(TimeSpan.FromMilliseconds(3));
        var last = window.Points()[^1];
        last.Deliveries.ShouldBe(1);
        last.P50Ms.ShouldBeInRange(3, 3.5);
    }
}

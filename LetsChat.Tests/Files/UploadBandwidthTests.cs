using LetsChat.Server.Files;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LetsChat.Tests.Files;

/// <summary>Uploads come in at the server's pace, all together: a quarter of a second's worth at once, the rest as the budget frees.</summary>
public sealed class UploadBandwidthTests
{
    private const int MB = 1024 * 1024;

    [Fact]
    public async Task A_quarter_seconds_worth_goes_at_once_and_more_waits_for_the_budget_shared_by_every_upload()
    {
        var time = new FakeTimeProvider();
        var bandwidth = new UploadBandwidth(Options.Create(new LetsChat.Server.Files.FileOptions { UploadBytesPerSecond = 10 * MB }), time);

        bandwidth.TakeAsync(2 * MB, default).AsTask().IsCompleted.ShouldBeTrue(); // within the burst (2.5 MB)
        var second = bandwidth.TakeAsync(5 * MB, default).AsTask();   // one upload: free at 0.7 s, so it waits 0.45 s
        var third = bandwidth.TakeAsync(5 * MB, default).AsTask();    // another, at the same moment: free at 1.2 s
        second.IsCompleted.ShouldBeFalse();

        time.Advance(TimeSpan.FromMilliseconds(450));
        await second;
        third.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(500));
        await third;

        // Idle for a while, the budget is the burst again, not more.
        time.Advance(TimeSpan.FromSeconds(30));
        bandwidth.TakeAsync(2 * MB, default).AsTask().IsCompleted.ShouldBeTrue();
        bandwidth.TakeAsync(MB, default).AsTask().IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public void No_budget_means_no_waiting()
    {
        var bandwidth = new UploadBandwidth(Options.Create(new LetsChat.Server.Files.FileOptions { UploadBytesPerSecond = 0 }), new FakeTimeProvider());

        bandwidth.TakeAsync(100 * MB, default).AsTask().IsCompleted.ShouldBeTrue();
        bandwidth.TakeAsync(100 * MB, default).AsTask().IsCompleted.ShouldBeTrue();
    }
}

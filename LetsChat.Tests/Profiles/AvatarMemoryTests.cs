using System.Diagnostics;
using LetsChat.Server.Profiles;
using SkiaSharp;

namespace LetsChat.Tests.Profiles;

/// <summary>Runs alone: it measures the process's memory, which other tests running beside it would disturb.</summary>
[CollectionDefinition(nameof(AvatarMemoryTests), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>Twenty big photos uploaded at once cost the server tens of megabytes, not the gigabytes of decoding each at full size.</summary>
[Collection(nameof(AvatarMemoryTests))]
public sealed class AvatarMemoryTests
{
    /// <summary>What the uploads may add to the working set at their peak: about 20 MB now; full-size decodes took 286 MB here.</summary>
    private const long Bound = 100L * 1024 * 1024;

    [Fact]
    public async Task Twenty_parallel_24_megapixel_uploads_stay_within_a_bound()
    {
        var photo = TestImages.Encode(SKEncodedImageFormat.Jpeg, 6000, 4000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(5);
            }
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => AvatarImages.ReadAsync(new MemoryStream(photo), default))));
        await sampling.CancelAsync();
        await sampler;

        results.ShouldAllBe(r => r.Webp != null && r.Refusal == null);
        (peak - before).ShouldBeLessThan(Bound);
    }

    [Fact]
    public void A_big_png_is_read_by_rows_and_a_big_interlaced_one_that_cannot_be_is_refused_before_decoding()
    {
        AvatarImages.Process(TestImages.Encode(SKEncodedImageFormat.Png, 3000, 2000)).Webp.ShouldNotBeNull();
        AvatarImages.Process(TestImages.DecompressionBomb(side: 2500, interlaced: true)).ShouldBe(new AvatarImages.Result(null, null, AvatarImages.TooLargeToRead));
        AvatarImages.Process(TestImages.Encode(SKEncodedImageFormat.Png, 2000, 2000)).Webp.ShouldNotBeNull();
    }
}

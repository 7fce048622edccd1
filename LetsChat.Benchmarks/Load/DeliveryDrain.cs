using System.Diagnostics;

namespace LetsChat.Benchmarks.Load;

/// <summary>How every scenario waits for a step's last deliveries before it counts them.</summary>
public static class DeliveryDrain
{
    /// <summary>The longest a step waits for its last deliveries after its last send.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Until every delivery owed has come, or none has come for <paramref name="quiet"/>, never past
    /// <see cref="MaxWait"/> (what has not come by then counts as lost) and never less than <paramref name="atLeast"/>;
    /// then a moment more, to catch a duplicate that would arrive late.
    /// </summary>
    public static async Task WaitAsync(Func<long> delivered, Func<long> expected, TimeSpan quiet, CancellationToken cancellationToken, TimeSpan atLeast = default)
    {
        var quietSince = Stopwatch.StartNew();
        var waiting = Stopwatch.StartNew();
        var last = delivered();
        while ((delivered() < expected() && quietSince.Elapsed < quiet && waiting.Elapsed < MaxWait) || waiting.Elapsed < atLeast)
        {
            await Task.Delay(50, cancellationToken);
            if (delivered() is var now && now != last)
            {
                last = now;
                quietSince.Restart();
            }
        }

        await Task.Delay(300, cancellationToken);
    }
}

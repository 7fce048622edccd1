using Microsoft.Extensions.Options;

namespace LetsChat.Server.Files;

/// <summary>
/// How fast the server takes uploads in, all of them together (<see cref="FileOptions.UploadBytesPerSecond"/>): reading,
/// hashing and storing a file costs CPU that live delivery needs, so however many people upload at once, files come in
/// at this pace and the rest waits in the network (TCP pushes back). A quarter of a second's worth (5 MB by default)
/// goes at full speed, so that a picture seldom waits, and a burst of uploads starting together costs no more.
/// </summary>
public sealed class UploadBandwidth(IOptions<FileOptions> options, TimeProvider time)
{
    private const double BurstSeconds = 0.25;

    private readonly Lock _lock = new();
    private readonly long _started = time.GetTimestamp();
    private double _freeAt;

    /// <summary>Waits until <paramref name="bytes"/> just read fit in the budget.</summary>
    public ValueTask TakeAsync(int bytes, CancellationToken cancellationToken)
    {
        var perSecond = options.Value.UploadBytesPerSecond;
        if (perSecond <= 0 || bytes <= 0)
        {
            return ValueTask.CompletedTask;
        }

        double wait;
        lock (_lock)
        {
            var now = time.GetElapsedTime(_started).TotalSeconds;
            // When the budget is next free; up to the burst ahead of now goes without waiting.
            _freeAt = Math.Max(_freeAt, now) + ((double)bytes / perSecond);
            wait = _freeAt - now - BurstSeconds;
        }

        return wait <= 0 ? ValueTask.CompletedTask : new ValueTask(Task.Delay(TimeSpan.FromSeconds(wait), time, cancellationToken));
    }
}

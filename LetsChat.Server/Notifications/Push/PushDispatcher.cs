using System.Threading.Channels;
using LetsChat.Components.Notifications;
using Microsoft.Extensions.Options;

namespace LetsChat.Server.Notifications.Push;

/// <summary>
/// Gathers new notifications per person, off the path that made them, and hands each person's batch to
/// <see cref="PushSender"/> when its window closes. The first notification for a person opens the window
/// (<see cref="PushOptions.BatchWindow"/>); a burst inside it makes one push per device. Each notification is made on one
/// instance, which pushes it: batching is per instance.
/// </summary>
public sealed partial class PushDispatcher(PushSender sender, VapidKeys keys, IOptions<PushOptions> options, TimeProvider time, ILogger<PushDispatcher> logger)
    : BackgroundService
{
    /// <summary>How many notifications may wait to be gathered; beyond that a push is dropped (the bell still has it).</summary>
    public const int MaxWaiting = 10_000;

    /// <summary>How many people's pushes go out at once.</summary>
    private const int Senders = 4;

    private readonly Channel<(long RecipientId, NotificationView Notification)> _incoming =
        Channel.CreateBounded<(long, NotificationView)>(new BoundedChannelOptions(MaxWaiting) { SingleReader = true });

    private readonly Channel<long> _due = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Dictionary<long, List<NotificationView>> _waiting = [];
    private int _windowsClosed;

    /// <summary>Batches dealt with (pushed, or found with nothing to push), for a test to wait on.</summary>
    internal int WindowsClosed => Volatile.Read(ref _windowsClosed);

    /// <summary>A notification was stored and published for <paramref name="recipientId"/>: it may reach their devices when the window closes. Never waits.</summary>
    public void Enqueue(long recipientId, NotificationView notification)
    {
        if (options.Value.Enabled && !_incoming.Writer.TryWrite((recipientId, notification)))
        {
            Log.QueueFull(logger, recipientId);
        }
    }

    /// <summary>Whether a window is open for the person, its timer running: a test moves its clock only then.</summary>
    internal bool IsTiming(long recipientId)
    {
        lock (_waiting)
        {
            return _waiting.ContainsKey(recipientId);
        }
    }

    /// <summary>What waits in <paramref name="recipientId"/>'s open window, in the order it came (a test waits for a notification to be in it).</summary>
    internal IReadOnlyList<NotificationView> WaitingFor(long recipientId)
    {
        lock (_waiting)
        {
            return _waiting.TryGetValue(recipientId, out var batch) ? [.. batch] : [];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await MakeKeysAsync(stoppingToken);
        var sending = Parallel.ForEachAsync(
            _due.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Senders, CancellationToken = stoppingToken },
            async (recipientId, cancellationToken) => await RoundAsync(recipientId, cancellationToken));
        try
        {
            await foreach (var (recipientId, notification) in _incoming.Reader.ReadAllAsync(stoppingToken))
            {
                Gather(recipientId, notification, stoppingToken);
            }
        }
        finally
        {
            _due.Writer.TryComplete();
            try
            {
                await sending;
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
    }

    // The keys exist from the first start, so the first page that asks for them does not wait, and every instance agrees.
    private async Task MakeKeysAsync(CancellationToken cancellationToken)
    {
        try
        {
            await keys.GetAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.KeysNotReady(logger, ex); // made at first use instead
        }
    }

    private void Gather(long recipientId, NotificationView notification, CancellationToken stoppingToken)
    {
        lock (_waiting)
        {
            if (_waiting.TryGetValue(recipientId, out var batch))
            {
                batch.RemoveAll(n => n.Id == notification.Id); // refreshed: its newest text counts
                batch.Add(notification);
                return;
            }

            // The window's timer starts before the batch can be seen, so a test that sees it may move the clock past it.
            _ = CloseWindowAsync(recipientId, Task.Delay(options.Value.BatchWindow, time, stoppingToken));
            _waiting[recipientId] = [notification];
        }
    }

    private async Task CloseWindowAsync(long recipientId, Task window)
    {
        try
        {
            await window;
            _due.Writer.TryWrite(recipientId);
        }
        catch (OperationCanceledException)
        {
            // Stopping: what waits is not pushed; the bell has it.
        }
    }

    private async Task RoundAsync(long recipientId, CancellationToken cancellationToken)
    {
        List<NotificationView> batch;
        lock (_waiting)
        {
            if (!_waiting.Remove(recipientId, out batch!))
            {
                return;
            }
        }

        try
        {
            await sender.PushAsync(recipientId, batch, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RoundFailed(logger, ex, recipientId);
        }
        finally
        {
            Interlocked.Increment(ref _windowsClosed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "The push queue is full; a notification for user {UserId} is not pushed")]
        public static partial void QueueFull(ILogger logger, long userId);

        [LoggerMessage(LogLevel.Warning, "The VAPID keys could not be made at start; they will be made at first use")]
        public static partial void KeysNotReady(ILogger logger, Exception exception);

        [LoggerMessage(LogLevel.Warning, "Pushing notifications to user {UserId} failed")]
        public static partial void RoundFailed(ILogger logger, Exception exception, long userId);
    }
}
